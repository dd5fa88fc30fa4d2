namespace MarketingWorkflows.Expressions.Internal;

/// <summary>
/// A call of a guard function. It does not run the function: it reads the answer the engine
/// gathered for these arguments before deciding, and asks for it when it is missing
/// (<see cref="GuardCallNeededException"/>). A call with a missing argument is not made; its
/// result is null.
/// </summary>
internal sealed class GuardCallNode(GuardFunction function, Node[] arguments) : Node(function.ResultType)
{
    public override Value Evaluate(ref Evaluation evaluation)
    {
        var values = new Value[arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            values[i] = arguments[i].Evaluate(ref evaluation);
            if (values[i].IsNull)
            {
                return Value.Null;
            }
        }

        var results = evaluation.Context.GuardCalls
            ?? throw new ExpressionEvaluationException($"{function.Name}() is a guard function: only the engine calls it, as it decides a command.");
        var json = GuardValues.ArgumentsToJson(values);
        if (results.TryGet(GuardCallRecord.KeyOf(function.Name, json), out var record))
        {
            return record.Failure is null
                ? Value.FromJson(record.Result, Type, function.Name + "()")
                : throw new GuardCallFailedException(record.Failure);
        }

        var objects = new object[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            objects[i] = values[i].ToObject()!;
        }

        throw new GuardCallNeededException(function, objects, json);
    }
}
