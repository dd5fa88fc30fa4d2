using MarketingWorkflows.StateMachines;
using Reference = Stateless;

namespace MarketingWorkflows.Benchmarks;

public enum Stage
{
    Draft,
    Submitted,
    BudgetReview,
    LegalReview,
    Approved,
    Rejected,
}

public enum Decision
{
    Submit,
    Approve,
    Reject,
    Reopen,
}

/// <summary>
/// The reference machine: six approval states, external state, one guard and one entry action,
/// configured the same way on the kernel and on Stateless.
/// </summary>
public static class ApprovalMachine
{
    public static void Configure(StateMachine<Stage, Decision> sm, Counter counter)
    {
        sm.Configure(Stage.Draft).Permit(Decision.Submit, Stage.Submitted);
        sm.Configure(Stage.Submitted).Permit(Decision.Approve, Stage.BudgetReview).Permit(Decision.Reject, Stage.Rejected);
        sm.Configure(Stage.BudgetReview)
            .PermitIf(Decision.Approve, Stage.LegalReview, () => counter.Open, "budget is within limits")
            .Permit(Decision.Reject, Stage.Rejected);
        sm.Configure(Stage.LegalReview).Permit(Decision.Approve, Stage.Approved).Permit(Decision.Reject, Stage.Rejected);
        sm.Configure(Stage.Approved).OnEntry(counter.Increment).Permit(Decision.Reopen, Stage.Draft);
        sm.Configure(Stage.Rejected).Permit(Decision.Reopen, Stage.Draft);
    }

    /// <summary>The same machine on Stateless, configured through its own API.</summary>
    public static void ConfigureReference(Reference.StateMachine<Stage, Decision> sm, Counter counter)
    {
        sm.Configure(Stage.Draft).Permit(Decision.Submit, Stage.Submitted);
        sm.Configure(Stage.Submitted).Permit(Decision.Approve, Stage.BudgetReview).Permit(Decision.Reject, Stage.Rejected);
        sm.Configure(Stage.BudgetReview)
            .PermitIf(Decision.Approve, Stage.LegalReview, () => counter.Open, "budget is within limits")
            .Permit(Decision.Reject, Stage.Rejected);
        sm.Configure(Stage.LegalReview).Permit(Decision.Approve, Stage.Approved).Permit(Decision.Reject, Stage.Rejected);
        sm.Configure(Stage.Approved).OnEntry(counter.Increment).Permit(Decision.Reopen, Stage.Draft);
        sm.Configure(Stage.Rejected).Permit(Decision.Reopen, Stage.Draft);
    }

    public static StateMachineDefinition<Stage, Decision> Freeze(Counter counter)
        => StateMachineDefinition<Stage, Decision>.Create(sm => Configure(sm, counter));
}

public sealed class Counter
{
    public bool Open { get; set; } = true;

    public int Count { get; private set; }

    public void Increment() => Count++;
}

public sealed class Row
{
    public Stage State { get; set; }
}
