using System;
using System.Linq;

namespace MarketingWorkflows.Expressions.Internal;

/// <summary>
/// Binds calls of the host's guard functions (<see cref="ExpressionScope.Functions"/>): the
/// number of arguments and each argument's type are checked against the function's declaration.
/// </summary>
internal sealed partial class Binder
{
    private Node BindGuardCall(CallSyntax call, GuardFunction function)
    {
        if (call.Arguments.Count != function.Parameters.Count)
        {
            var count = function.Parameters.Count;
            _diagnostics.Add(ExpressionErrorCodes.ArgumentCount, call.Start, call.Length,
                $"{call.Name}() takes {count} argument{(count == 1 ? string.Empty : "s")}, not {call.Arguments.Count}: {Usage(function)}.");
            return ErrorNode.Instance;
        }

        var arguments = new Node[call.Arguments.Count];
        var ok = true;
        for (var i = 0; i < arguments.Length; i++)
        {
            var syntax = call.Arguments[i];
            if (syntax is LambdaSyntax lambda)
            {
                ok = false;
                Error(ExpressionErrorCodes.TypeMismatch, lambda, $"Argument {i + 1} of {call.Name}() is a {function.Parameters[i]}, not a lambda: {Usage(function)}.");
                continue;
            }

            arguments[i] = Bind(syntax);
            if (arguments[i].Type.IsError)
            {
                ok = false;
            }
            else if (!CheckGuardArgument(call, function, i, syntax, arguments[i]))
            {
                ok = false;
            }
        }

        return ok ? new GuardCallNode(function, arguments) : ErrorNode.Instance;
    }

    private bool CheckGuardArgument(CallSyntax call, GuardFunction function, int index, Syntax syntax, Node argument)
    {
        var expected = function.Parameters[index];
        var actual = argument.Type;
        var fits = expected.Kind switch
        {
            ExpressionTypeKind.String or ExpressionTypeKind.Enum => actual.IsTextual,
            _ => actual.Kind == expected.Kind,
        };
        if (!fits)
        {
            _diagnostics.Add(ExpressionErrorCodes.TypeMismatch, syntax.Start, syntax.Length,
                $"Argument {index + 1} of {call.Name}() is a {expected}, but {Quote(Display(syntax))} is a {actual}: {Usage(function)}.");
            return false;
        }

        var parameter = new ConstantNode(Value.Null, expected);
        return expected.Kind switch
        {
            ExpressionTypeKind.Enum => CheckEnumValue(parameter, argument, syntax),
            ExpressionTypeKind.Money => CheckCurrencies(syntax, expected, actual),
            _ => true,
        };
    }

    private static string Usage(GuardFunction function)
        => $"{function.Name}({string.Join(", ", function.Parameters)}) gives a {function.ResultType}";

    private string KnownFunctions()
    {
        var names = FunctionNames.Concat(_scope.Functions.Functions.Select(f => f.Name)).Order(StringComparer.Ordinal);
        return string.Join(", ", names.Select(f => f + "()"));
    }
}
