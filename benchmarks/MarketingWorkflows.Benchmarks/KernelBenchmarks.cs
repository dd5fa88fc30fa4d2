using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using MarketingWorkflows.StateMachines;
using Reference = Stateless;

namespace MarketingWorkflows.Benchmarks;

/// <summary>
/// Per-transition cost of the kernel, beside Stateless firing the same machines in the same run.
/// Each benchmark runs a whole cycle of transitions and reports the cost of one
/// (OperationsPerInvoke).
/// </summary>
[MemoryDiagnoser]
public class KernelBenchmarks
{
    private const int Cycle = 5;

    private readonly Counter _counter = new();
    private readonly Row _row = new();
    private StateMachine<Stage, Decision> _approval = null!;
    private StateMachine<Stage, Decision> _plain = null!;
    private StateMachine<Stage, Decision> _typed = null!;
    private StateMachine<Stage, Decision>.TriggerWithParameters<int> _submitWithAmount = null!;
    private StateMachine<Stage, Decision> _nested = null!;
    private StateMachine<Stage, Decision> _async = null!;
    private readonly Counter _referenceCounter = new();
    private readonly Row _referenceRow = new();
    private Reference.StateMachine<Stage, Decision> _referenceApproval = null!;
    private Reference.StateMachine<Stage, Decision> _referencePlain = null!;
    private Stage _switchState;

    [GlobalSetup]
    public void Setup()
    {
        _approval = ApprovalMachine.Freeze(_counter).CreateMachine(() => _row.State, s => _row.State = s);

        _plain = StateMachineDefinition<Stage, Decision>.Create(sm =>
        {
            sm.Configure(Stage.Draft).Permit(Decision.Submit, Stage.Submitted);
            sm.Configure(Stage.Submitted).Permit(Decision.Reopen, Stage.Draft);
        }).CreateMachine(Stage.Draft);

        var typed = new StateMachine<Stage, Decision>(Stage.Draft);
        _submitWithAmount = typed.SetTriggerParameters<int>(Decision.Submit);
        typed.Configure(Stage.Draft).Permit(Decision.Submit, Stage.Submitted);
        typed.Configure(Stage.Submitted).Permit(Decision.Reopen, Stage.Draft);
        _typed = typed.Freeze().CreateMachine(Stage.Draft);

        _nested = StateMachineDefinition<Stage, Decision>.Create(sm =>
        {
            sm.Configure(Stage.Draft).Permit(Decision.Submit, Stage.BudgetReview).OnExit(_counter.Increment);
            sm.Configure(Stage.Submitted).OnEntry(_counter.Increment).OnExit(_counter.Increment);
            sm.Configure(Stage.BudgetReview).SubstateOf(Stage.Submitted).OnEntry(_counter.Increment).OnExit(_counter.Increment).Permit(Decision.Reopen, Stage.Draft);
        }).CreateMachine(Stage.Draft);

        // Stateless: each machine configured once, then fired in a loop like the kernel's.
        _referenceApproval = new Reference.StateMachine<Stage, Decision>(() => _referenceRow.State, s => _referenceRow.State = s);
        ApprovalMachine.ConfigureReference(_referenceApproval, _referenceCounter);

        _referencePlain = new Reference.StateMachine<Stage, Decision>(Stage.Draft);
        _referencePlain.Configure(Stage.Draft).Permit(Decision.Submit, Stage.Submitted);
        _referencePlain.Configure(Stage.Submitted).Permit(Decision.Reopen, Stage.Draft);

        _async = StateMachineDefinition<Stage, Decision>.Create(sm =>
        {
            sm.Configure(Stage.Draft).Permit(Decision.Submit, Stage.Submitted);
            sm.Configure(Stage.Submitted).Permit(Decision.Reopen, Stage.Draft).OnEntryAsync(() => Task.CompletedTask);
        }).CreateMachine(Stage.Draft);
    }

    /// <summary>The floor: the same five transitions as a hand-written switch.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Cycle)]
    public Stage Approval_cycle_hand_written_switch()
    {
        Step(Decision.Submit);
        Step(Decision.Approve);
        Step(Decision.Approve);
        Step(Decision.Approve);
        Step(Decision.Reopen);
        return _switchState;
    }

    /// <summary>Six-state approval machine, external state, one guard, one entry action.</summary>
    [Benchmark(OperationsPerInvoke = Cycle)]
    public Stage Approval_cycle_Fire()
    {
        _approval.Fire(Decision.Submit);
        _approval.Fire(Decision.Approve);
        _approval.Fire(Decision.Approve);
        _approval.Fire(Decision.Approve);
        _approval.Fire(Decision.Reopen);
        return _row.State;
    }

    /// <summary>The same approval cycle on Stateless, configured once.</summary>
    [Benchmark(OperationsPerInvoke = Cycle)]
    public Stage Approval_cycle_Fire_Stateless()
    {
        _referenceApproval.Fire(Decision.Submit);
        _referenceApproval.Fire(Decision.Approve);
        _referenceApproval.Fire(Decision.Approve);
        _referenceApproval.Fire(Decision.Approve);
        _referenceApproval.Fire(Decision.Reopen);
        return _referenceRow.State;
    }

    [Benchmark(OperationsPerInvoke = 2)]
    public Stage Plain_Fire()
    {
        _plain.Fire(Decision.Submit);
        _plain.Fire(Decision.Reopen);
        return _plain.State;
    }

    /// <summary>The same two-state cycle on Stateless, configured once, own state.</summary>
    [Benchmark(OperationsPerInvoke = 2)]
    public Stage Plain_Fire_Stateless()
    {
        _referencePlain.Fire(Decision.Submit);
        _referencePlain.Fire(Decision.Reopen);
        return _referencePlain.State;
    }

    [Benchmark(OperationsPerInvoke = 2)]
    public Stage Fire_with_one_typed_parameter()
    {
        _typed.Fire(_submitWithAmount, 25_000);
        _typed.Fire(Decision.Reopen);
        return _typed.State;
    }

    [Benchmark(OperationsPerInvoke = 2)]
    public Stage Fire_into_substate_with_entry_and_exit_actions()
    {
        _nested.Fire(Decision.Submit);
        _nested.Fire(Decision.Reopen);
        return _nested.State;
    }

    [Benchmark(OperationsPerInvoke = 2)]
    public async Task<Stage> FireAsync_with_an_async_entry_action()
    {
        await _async.FireAsync(Decision.Submit);
        await _async.FireAsync(Decision.Reopen);
        return _async.State;
    }

    private void Step(Decision decision)
    {
        _switchState = (_switchState, decision) switch
        {
            (Stage.Draft, Decision.Submit) => Stage.Submitted,
            (Stage.Submitted, Decision.Approve) => Stage.BudgetReview,
            (Stage.Submitted, Decision.Reject) => Stage.Rejected,
            (Stage.BudgetReview, Decision.Approve) when _counter.Open => Stage.LegalReview,
            (Stage.BudgetReview, Decision.Reject) => Stage.Rejected,
            (Stage.LegalReview, Decision.Approve) => Enter(Stage.Approved),
            (Stage.LegalReview, Decision.Reject) => Stage.Rejected,
            (Stage.Approved, Decision.Reopen) => Stage.Draft,
            (Stage.Rejected, Decision.Reopen) => Stage.Draft,
            _ => throw new System.InvalidOperationException("not permitted"),
        };
    }

    private Stage Enter(Stage state)
    {
        _counter.Increment();
        return state;
    }
}
