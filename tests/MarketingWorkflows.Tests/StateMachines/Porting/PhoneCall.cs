// The phone call from Stateless's README, written as a Stateless user writes it. Only the
// using directives differ from the Stateless original (Stateless -> MarketingWorkflows.StateMachines).
using MarketingWorkflows.StateMachines;
using MarketingWorkflows.StateMachines.Graph;

namespace MarketingWorkflows.Tests.StateMachines.Porting;

public class PhoneCall
{
    private enum Trigger
    {
        CallDialed,
        CallConnected,
        LeftMessage,
        PlacedOnHold,
        TakenOffHold,
        PhoneHurledAgainstWall,
        MuteMicrophone,
        UnmuteMicrophone,
        SetVolume,
    }

    public enum State
    {
        OffHook,
        Ringing,
        Connected,
        OnHold,
        PhoneDestroyed,
    }

    private State _state = State.OffHook;

    private readonly StateMachine<State, Trigger> _machine;
    private readonly StateMachine<State, Trigger>.TriggerWithParameters<int> _setVolumeTrigger;
    private readonly StateMachine<State, Trigger>.TriggerWithParameters<string> _setCalleeTrigger;

    private readonly string _caller;
    private string? _callee;

    public PhoneCall(string caller)
    {
        _caller = caller;
        _machine = new StateMachine<State, Trigger>(() => _state, s => _state = s);

        _setVolumeTrigger = _machine.SetTriggerParameters<int>(Trigger.SetVolume);
        _setCalleeTrigger = _machine.SetTriggerParameters<string>(Trigger.CallDialed);

        _machine.Configure(State.OffHook)
            .Permit(Trigger.CallDialed, State.Ringing);

        _machine.Configure(State.Ringing)
            .OnEntryFrom(_setCalleeTrigger, callee => OnDialed(callee), "Caller number to call")
            .Permit(Trigger.CallConnected, State.Connected);

        _machine.Configure(State.Connected)
            .OnEntry(t => StartCallTimer())
            .OnExit(t => StopCallTimer())
            .InternalTransition(Trigger.MuteMicrophone, t => OnMute())
            .InternalTransition(Trigger.UnmuteMicrophone, t => OnUnmute())
            .InternalTransition<int>(_setVolumeTrigger, (volume, t) => OnSetVolume(volume))
            .Permit(Trigger.LeftMessage, State.OffHook)
            .Permit(Trigger.PlacedOnHold, State.OnHold);

        _machine.Configure(State.OnHold)
            .SubstateOf(State.Connected)
            .Permit(Trigger.TakenOffHold, State.Connected)
            .Permit(Trigger.PhoneHurledAgainstWall, State.PhoneDestroyed);

        _machine.OnTransitioned(t => Log.Add($"OnTransitioned: {t.Source} -> {t.Destination} via {t.Trigger}({string.Join(", ", t.Parameters)})"));
    }

    public List<string> Log { get; } = [];

    public State Current => _machine.State;

    public bool Muted { get; private set; }

    public int Volume { get; private set; }

    public void Mute() => _machine.Fire(Trigger.MuteMicrophone);

    public void Unmute() => _machine.Fire(Trigger.UnmuteMicrophone);

    public void SetVolume(int volume) => _machine.Fire(_setVolumeTrigger, volume);

    public void Print() => Log.Add($"[{_caller}] placed call and [Status:] {_machine.State}");

    public void Dialed(string callee) => _machine.Fire(_setCalleeTrigger, callee);

    public void Connected() => _machine.Fire(Trigger.CallConnected);

    public void Hold() => _machine.Fire(Trigger.PlacedOnHold);

    public void Resume() => _machine.Fire(Trigger.TakenOffHold);

    public void HurlAgainstWall() => _machine.Fire(Trigger.PhoneHurledAgainstWall);

    public string ToDotGraph() => UmlDotGraph.Format(_machine.GetInfo());

    private void OnSetVolume(int volume) => Volume = volume;

    private void OnUnmute() => Muted = false;

    private void OnMute() => Muted = true;

    private void OnDialed(string callee)
    {
        _callee = callee;
        Log.Add($"[Phone Call] placed for : [{_callee}]");
    }

    private void StartCallTimer() => Log.Add("[Timer:] Call started");

    private void StopCallTimer() => Log.Add("[Timer:] Call ended");
}
