using System;
using System.Linq;

namespace MarketingWorkflows.Expressions.Internal;

/// <summary>
/// Binds the calls of the built-in functions (<c>now</c>, <c>today</c>, <c>len</c>, <c>days</c>,
/// the text and list tests, and the <c>any</c>/<c>all</c> quantifiers with their lambdas), and
/// checks each call's number of arguments.
/// </summary>
internal sealed partial class Binder
{
    private Node BindCall(CallSyntax call)
    {
        switch (call.Name)
        {
            case "now":
                return CheckArity(call, 0) ? new NowNode() : ErrorNode.Instance;
            case "today":
                return CheckArity(call, 0) ? new TodayNode() : ErrorNode.Instance;
            case "len":
                {
                    if (!CheckArity(call, 1))
                    {
                        return ErrorNode.Instance;
                    }

                    var operand = Bind(call.Arguments[0]);
                    if (operand.Type.IsError)
                    {
                        return operand;
                    }

                    return operand.Type.IsTextual || operand.Type.Kind == ExpressionTypeKind.List
                        ? new LengthNode(operand)
                        : Error(ExpressionErrorCodes.TypeMismatch, call.Arguments[0], $"len() measures a string or a list, but {Quote(Display(call.Arguments[0]))} is a {operand.Type}.");
                }

            case "contains" or "startsWith" or "endsWith":
                return BindTextOrListTest(call);
            case "any" or "all":
                return BindQuantifier(call);
            case "days":
                {
                    if (!CheckArity(call, 2))
                    {
                        return ErrorNode.Instance;
                    }

                    var from = Bind(call.Arguments[0]);
                    var to = Bind(call.Arguments[1]);
                    if (from.Type.IsError || to.Type.IsError)
                    {
                        return ErrorNode.Instance;
                    }

                    if (from.Type.Kind is ExpressionTypeKind.Date or ExpressionTypeKind.DateTime && from.Type.Kind == to.Type.Kind)
                    {
                        return new DaysNode(from, to);
                    }

                    return Error(ExpressionErrorCodes.TypeMismatch, call,
                        $"days(from, to) counts the days between two dates or two date-times, but it was given a {from.Type} and a {to.Type}.");
                }

            default:
                if (_scope.Functions.TryGet(call.Name, out var function))
                {
                    return BindGuardCall(call, function);
                }

                var hint = _scope.Functions.Functions.Count == 0
                    ? " A function of the host application is known only where the host registers it (AddGuardFunction), and only in a transition's guard."
                    : string.Empty;
                _diagnostics.Add(ExpressionErrorCodes.UnknownFunction, call.NameStart, call.Name.Length,
                    $"There is no function '{call.Name}'.{Suggest(call.Name, FunctionNames.Concat(_scope.Functions.Functions.Select(f => f.Name)))} The functions are {KnownFunctions()}.{hint}");
                return ErrorNode.Instance;
        }
    }

    private Node BindTextOrListTest(CallSyntax call)
    {
        if (!CheckArity(call, 2))
        {
            return ErrorNode.Instance;
        }

        var whole = Bind(call.Arguments[0]);
        var part = Bind(call.Arguments[1]);
        if (whole.Type.IsError || part.Type.IsError)
        {
            return ErrorNode.Instance;
        }

        if (call.Name == "contains" && whole.Type.Kind == ExpressionTypeKind.List)
        {
            var element = new ConstantNode(Value.Null, whole.Type.ElementType!);
            return CheckEquatable(call, call.Arguments[1], part, call.Arguments[0], element)
                ? new InListNode(part, whole, negated: false, Display(call))
                : ErrorNode.Instance;
        }

        if (!whole.Type.IsTextual || !part.Type.IsTextual)
        {
            var expected = call.Name == "contains" ? "two strings, or a list and a value" : "two strings";
            return Error(ExpressionErrorCodes.TypeMismatch, call, $"{call.Name}() takes {expected}, but it was given a {whole.Type} and a {part.Type}.");
        }

        var test = call.Name switch
        {
            "contains" => TextTest.Contains,
            "startsWith" => TextTest.StartsWith,
            _ => TextTest.EndsWith,
        };
        return new TextTestNode(test, whole, part);
    }

    private Node BindQuantifier(CallSyntax call)
    {
        if (!CheckArity(call, 2))
        {
            return ErrorNode.Instance;
        }

        var list = Bind(call.Arguments[0]);
        if (call.Arguments[1] is not LambdaSyntax lambda)
        {
            return Error(ExpressionErrorCodes.TypeMismatch, call.Arguments[1], $"The second argument of {call.Name}() is a condition on each element, written 'x => ...', as in {call.Name}(channels, c => c == 'email').");
        }

        if (list.Type.IsError)
        {
            return list;
        }

        if (list.Type.Kind != ExpressionTypeKind.List)
        {
            return Error(ExpressionErrorCodes.TypeMismatch, call.Arguments[0], $"{call.Name}() needs a list first, but {Quote(Display(call.Arguments[0]))} is a {list.Type}.");
        }

        if (_locals.Count >= ExpressionLimits.MaxLambdaNesting)
        {
            return Error(ExpressionErrorCodes.Limit, lambda, $"any() and all() nest at most {ExpressionLimits.MaxLambdaNesting} deep.");
        }

        if (_scope.Data.Fields.ContainsKey(lambda.Parameter) || lambda.Parameter == ExpressionScope.ArgumentsName
            || _locals.Any(l => l.Name == lambda.Parameter) || FunctionNames.Contains(lambda.Parameter))
        {
            _diagnostics.Add(ExpressionErrorCodes.UnknownName, lambda.ParameterStart, lambda.Parameter.Length,
                $"The name '{lambda.Parameter}' is already taken; give the element another name.");
            return ErrorNode.Instance;
        }

        _locals.Add((lambda.Parameter, list.Type.ElementType!));
        var body = Bind(lambda.Body);
        _locals.RemoveAt(_locals.Count - 1);
        if (body.Type.IsError)
        {
            return body;
        }

        if (body.Type.Kind != ExpressionTypeKind.Boolean)
        {
            return Error(ExpressionErrorCodes.TypeMismatch, lambda.Body, $"The condition of {call.Name}() must be true or false, but {Quote(Display(lambda.Body))} is a {body.Type}.");
        }

        return new QuantifierNode(list, _locals.Count, body, call.Name == "all", Display(call.Arguments[0]) + "[]");
    }

    private bool CheckArity(CallSyntax call, int count)
    {
        if (call.Arguments.Count == count)
        {
            return true;
        }

        var usage = call.Name switch
        {
            "now" => "now()",
            "today" => "today()",
            "len" => "len(value)",
            "contains" => "contains(text, part) or contains(list, value)",
            "startsWith" => "startsWith(text, prefix)",
            "endsWith" => "endsWith(text, suffix)",
            "any" => "any(list, x => condition)",
            "all" => "all(list, x => condition)",
            _ => "days(from, to)",
        };
        _diagnostics.Add(ExpressionErrorCodes.ArgumentCount, call.Start, call.Length,
            $"{call.Name}() takes {count} argument{(count == 1 ? string.Empty : "s")}, not {call.Arguments.Count}: {usage}.");
        return false;
    }
}
