using System.Runtime.CompilerServices;

namespace MarketingWorkflows.Expressions.Internal;

[InlineArray(ExpressionLimits.MaxLambdaNesting)]
internal struct LocalValues
{
    private Value _element;
}

/// <summary>The state of one evaluation: its inputs, the lambda parameters in scope, and the work done so far.</summary>
internal ref struct Evaluation
{
    public Evaluation(in ExpressionContext context)
    {
        Context = context;
    }

    public ExpressionContext Context { get; }

    public LocalValues Locals;

    public int Iterations;

    public void CountIteration()
    {
        if (++Iterations > ExpressionLimits.MaxIterations)
        {
            throw new ExpressionEvaluationException($"The expression visited more than {ExpressionLimits.MaxIterations} list elements in one evaluation; lists this long do not belong in a guard.");
        }
    }
}
