using MarketingWorkflows.Expressions;
using static MarketingWorkflows.Tests.Expressions.CampaignScope;

namespace MarketingWorkflows.Tests.Expressions;

public class ExpressionAllocationTests
{
    [Theory]
    [InlineData("budget.amount >= 10000 and ('EU' in regions or 'UK' in regions)")]
    [InlineData("budget >= 10000 EUR and region in ['EU', 'UK']")]
    [InlineData("any(items, i => i.id == 'legal' and not i.done)")]
    [InlineData("startAt - 3d >= today() and launchAt > now() and leadTime < 5d")]
    [InlineData("consumer and any(channels, c => c == 'email' or c == 'sms')")]
    [InlineData("args.reason != null and len(channels) > 0")]
    public void Evaluating_a_typical_guard_allocates_nothing(string text)
    {
        var guard = CompiledExpression.CompileCondition(text, Scope);
        var context = Context("""{ "reason": "r" }""");
        guard.EvaluateCondition(context);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            guard.EvaluateCondition(context);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
    }
}
