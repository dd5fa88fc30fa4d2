// The bug tracker from Stateless's examples, written as a Stateless user writes it. Only the
// using directives differ from the Stateless original (Stateless -> MarketingWorkflows.StateMachines).
using MarketingWorkflows.StateMachines;
using MarketingWorkflows.StateMachines.Graph;

namespace MarketingWorkflows.Tests.StateMachines.Porting;

public class Bug
{
    private enum State
    {
        Open,
        Assigned,
        Deferred,
        Closed,
    }

    private enum Trigger
    {
        Assign,
        Defer,
        Close,
    }

    private readonly string _title;
    private readonly StateMachine<State, Trigger> _machine;
    private readonly StateMachine<State, Trigger>.TriggerWithParameters<string> _assignTrigger;
    private State _state = State.Open;
    private string? _assignee;

    public Bug(string title)
    {
        _title = title;

        _machine = new StateMachine<State, Trigger>(() => _state, s => _state = s);

        _assignTrigger = _machine.SetTriggerParameters<string>(Trigger.Assign);

        _machine.Configure(State.Open)
            .Permit(Trigger.Assign, State.Assigned);

        _machine.Configure(State.Assigned)
            .SubstateOf(State.Open)
            .OnEntryFrom(_assignTrigger, OnAssigned)
            .PermitReentry(Trigger.Assign)
            .Permit(Trigger.Close, State.Closed)
            .Permit(Trigger.Defer, State.Deferred)
            .OnExit(OnDeassigned);

        _machine.Configure(State.Deferred)
            .OnEntry(() => _assignee = null)
            .Permit(Trigger.Assign, State.Assigned);
    }

    public List<string> Emails { get; } = [];

    public string StateName => _state.ToString();

    public string? Assignee => _assignee;

    public bool CanAssign => _machine.CanFire(Trigger.Assign);

    public void Close() => _machine.Fire(Trigger.Close);

    public void Assign(string assignee) => _machine.Fire(_assignTrigger, assignee);

    public void Defer() => _machine.Fire(Trigger.Defer);

    public string ToDotGraph() => UmlDotGraph.Format(_machine.GetInfo());

    private void OnAssigned(string assignee)
    {
        if (_assignee != null && assignee != _assignee)
        {
            SendEmailToAssignee("Don't forget to help the new employee!");
        }

        _assignee = assignee;
        SendEmailToAssignee("You own it.");
    }

    private void OnDeassigned() => SendEmailToAssignee("You're off the hook.");

    private void SendEmailToAssignee(string message) => Emails.Add($"{_assignee}, RE {_title}: {message}");
}
