// Runs a generated case on the kernel. It is ReferenceRunner.cs with the library swapped (the
// aliases below and the class name): keep the two identical otherwise.
using System.Globalization;
using Library = MarketingWorkflows.StateMachines;
using LibraryInfo = MarketingWorkflows.StateMachines.Reflection;
using SM = MarketingWorkflows.StateMachines.StateMachine<int, int>;

namespace MarketingWorkflows.Conformance.Tests;

internal sealed class KernelRunner
{
    private readonly MachineSpec _spec;
    private readonly List<string> _log = [];
    private readonly SM.TriggerWithParameters?[] _parameters;
    private SM _machine = null!;
    private int _state;
    private int _budget;
    private int _transitions;

    private KernelRunner(MachineSpec spec)
    {
        _spec = spec;
        _parameters = new SM.TriggerWithParameters?[spec.Arities.Length];
    }

    public static List<string> Run(MachineSpec spec)
    {
        var runner = new KernelRunner(spec);
        runner.Execute();
        return runner._log;
    }

    private void Execute()
    {
        try
        {
            Build();
        }
        catch (Exception e)
        {
            _log.Add("configure: " + Observations.Describe(e));
            return;
        }

        for (var i = 0; i < _spec.Operations.Length; i++)
        {
            var operation = _spec.Operations[i];
            _budget = MachineSpec.FiringBudget;
            _transitions = 0;
            string result;
            try
            {
                result = Apply(operation);
            }
            catch (Exception e)
            {
                result = Observations.Describe(e);
            }

            _log.Add($"#{i} {operation}: {result}; state {_machine.State}");
        }
    }

    private void Build()
    {
        var mode = _spec.Immediate ? Library.FiringMode.Immediate : Library.FiringMode.Queued;
        _state = _spec.InitialState;
        _machine = _spec.ExternalState ? new SM(() => _state, s => _state = s, mode) : new SM(_spec.InitialState, mode);
        for (var t = 0; t < _spec.Arities.Length; t++)
        {
            _parameters[t] = _spec.Arities[t] switch
            {
                1 => _machine.SetTriggerParameters<int>(t),
                2 => _machine.SetTriggerParameters<int, int>(t),
                3 => _machine.SetTriggerParameters<int, int, int>(t),
                _ => null,
            };
        }

        // A state is configured only when something is said about it, so that states named only
        // as a destination, or never named at all, occur too.
        for (var s = 0; s < _spec.StateCount; s++)
        {
            if (_spec.Superstates[s] >= 0)
            {
                _machine.Configure(s).SubstateOf(_spec.Superstates[s]);
            }

            if (_spec.InitialTransitions[s] >= 0)
            {
                _machine.Configure(s).InitialTransition(_spec.InitialTransitions[s]);
            }
        }

        foreach (var behaviour in _spec.Behaviours)
        {
            Configure(_machine.Configure(behaviour.State), behaviour);
        }

        foreach (var action in _spec.Actions)
        {
            Configure(_machine.Configure(action.State), action);
        }

        _machine = KernelRunnerVariant.Prepare(_machine, _spec, () => _state, s => _state = s);

        // Stateless 5.20.1 follows an initial transition forever in Immediate mode; stop such a
        // run instead of letting it overflow the stack (see the deliberate differences).
        _machine.OnTransitioned(_ =>
        {
            if (++_transitions > MachineSpec.RunawayTransitions)
            {
                throw new RunawayException();
            }
        });

        // Asynchronous listeners are registered before the synchronous ones, so the order they
        // run in is observed.
        if (_spec.Transitioned)
        {
            if (_spec.AsyncListeners)
            {
                _machine.OnTransitionedAsync(t => LogLater("transitioned async " + Describe(t)));
            }

            _machine.OnTransitioned(t => _log.Add("transitioned " + Describe(t)));
        }

        if (_spec.Completed)
        {
            if (_spec.AsyncListeners)
            {
                _machine.OnTransitionCompletedAsync(t => LogLater("completed async " + Describe(t)));
            }

            _machine.OnTransitionCompleted(t => _log.Add("completed " + Describe(t)));
        }

        if (_spec.Unhandled)
        {
            _machine.OnUnhandledTrigger((s, t, unmet) => _log.Add($"unhandled {s} {t} {Observations.List(unmet)}"));
        }
    }

    private static LibraryInfo.DynamicStateInfos Possible(int target) => new() { { target.ToString(CultureInfo.InvariantCulture), "chosen" } };

    private void Configure(SM.StateConfiguration c, BehaviourSpec b)
    {
        var guard = b.Guard;
        var description = guard.Description;
        var n = _spec.StateCount;
        var t = b.Trigger;
        var p = _parameters[t];
        var arity = _spec.Arities[t];
        var withArguments = guard.UsesArguments;
        if (guard.Async > 0)
        {
            ConfigureAsync(c, b, p);
            return;
        }

        switch (b.Kind)
        {
            case BehaviourKind.Permit:
                c.Permit(t, b.Target);
                break;
            case BehaviourKind.PermitIf when withArguments && p is SM.TriggerWithParameters<int> p1:
                c.PermitIf(p1, b.Target, a => guard.Holds(a), description);
                break;
            case BehaviourKind.PermitIf when withArguments && p is SM.TriggerWithParameters<int, int> p2:
                c.PermitIf(p2, b.Target, (a, b2) => guard.Holds(a + b2), description);
                break;
            case BehaviourKind.PermitIf when withArguments && p is SM.TriggerWithParameters<int, int, int> p3:
                c.PermitIf(p3, b.Target, (a, b2, c3) => guard.Holds(a + b2 + c3), description);
                break;
            case BehaviourKind.PermitIf:
                c.PermitIf(t, b.Target, () => guard.Value, description);
                break;
            case BehaviourKind.PermitReentry:
                c.PermitReentry(t);
                break;
            case BehaviourKind.PermitReentryIf when withArguments && p is SM.TriggerWithParameters<int> p1:
                c.PermitReentryIf(p1, a => guard.Holds(a), description);
                break;
            case BehaviourKind.PermitReentryIf when withArguments && p is SM.TriggerWithParameters<int, int> p2:
                c.PermitReentryIf(p2, (a, b2) => guard.Holds(a + b2), description);
                break;
            case BehaviourKind.PermitReentryIf when withArguments && p is SM.TriggerWithParameters<int, int, int> p3:
                c.PermitReentryIf(p3, (a, b2, c3) => guard.Holds(a + b2 + c3), description);
                break;
            case BehaviourKind.PermitReentryIf:
                c.PermitReentryIf(t, () => guard.Value, description);
                break;
            case BehaviourKind.Ignore:
                c.Ignore(t);
                break;
            case BehaviourKind.IgnoreIf when withArguments && p is SM.TriggerWithParameters<int> p1:
                c.IgnoreIf(p1, a => guard.Holds(a), description);
                break;
            case BehaviourKind.IgnoreIf when withArguments && p is SM.TriggerWithParameters<int, int> p2:
                c.IgnoreIf(p2, (a, b2) => guard.Holds(a + b2), description);
                break;
            case BehaviourKind.IgnoreIf when withArguments && p is SM.TriggerWithParameters<int, int, int> p3:
                c.IgnoreIf(p3, (a, b2, c3) => guard.Holds(a + b2 + c3), description);
                break;
            case BehaviourKind.IgnoreIf:
                c.IgnoreIf(t, () => guard.Value, description);
                break;
            case BehaviourKind.InternalTransition when p is SM.TriggerWithParameters<int> p1:
                c.InternalTransition(p1, (a, tr) => _log.Add($"internal {b.State} {a} {Describe(tr)}"));
                break;
            case BehaviourKind.InternalTransition when p is SM.TriggerWithParameters<int, int> p2:
                c.InternalTransition(p2, (a, b2, tr) => _log.Add($"internal {b.State} {a},{b2} {Describe(tr)}"));
                break;
            case BehaviourKind.InternalTransition when p is SM.TriggerWithParameters<int, int, int> p3:
                c.InternalTransition(p3, (a, b2, c3, tr) => _log.Add($"internal {b.State} {a},{b2},{c3} {Describe(tr)}"));
                break;
            case BehaviourKind.InternalTransition:
                c.InternalTransition(t, tr => _log.Add($"internal {b.State} {Describe(tr)}"));
                break;
            case BehaviourKind.InternalTransitionIf when p is SM.TriggerWithParameters<int> p1:
                c.InternalTransitionIf(p1, a => guard.Holds(a), (a, tr) => _log.Add($"internal {b.State} {a} {Describe(tr)}"), description);
                break;
            case BehaviourKind.InternalTransitionIf when p is SM.TriggerWithParameters<int, int> p2:
                c.InternalTransitionIf(p2, (a, b2) => guard.Holds(a + b2), (a, b2, tr) => _log.Add($"internal {b.State} {a},{b2} {Describe(tr)}"), description);
                break;
            case BehaviourKind.InternalTransitionIf when p is SM.TriggerWithParameters<int, int, int> p3:
                c.InternalTransitionIf(p3, (a, b2, c3) => guard.Holds(a + b2 + c3), (a, b2, c3, tr) => _log.Add($"internal {b.State} {a},{b2},{c3} {Describe(tr)}"), description);
                break;
            case BehaviourKind.InternalTransitionIf:
                c.InternalTransitionIf(t, _ => guard.Value, tr => _log.Add($"internal {b.State} {Describe(tr)}"), description);
                break;
            case BehaviourKind.PermitDynamic when p is SM.TriggerWithParameters<int> p1:
                c.PermitDynamic(p1, a => (b.Target + a) % n, "selector");
                break;
            case BehaviourKind.PermitDynamic when p is SM.TriggerWithParameters<int, int> p2:
                c.PermitDynamic(p2, (a, b2) => (b.Target + a + b2) % n, "selector");
                break;
            case BehaviourKind.PermitDynamic when p is SM.TriggerWithParameters<int, int, int> p3:
                c.PermitDynamic(p3, (a, b2, c3) => (b.Target + a + b2 + c3) % n, "selector");
                break;
            case BehaviourKind.PermitDynamic:
                c.PermitDynamic(t, () => b.Target, "selector");
                break;
            case BehaviourKind.PermitDynamicIf when p is SM.TriggerWithParameters<int> p1:
                c.PermitDynamicIf(p1, a => (b.Target + a) % n, a => guard.Holds(a), description);
                break;
            case BehaviourKind.PermitDynamicIf when p is SM.TriggerWithParameters<int, int> p2:
                c.PermitDynamicIf(p2, (a, b2) => (b.Target + a + b2) % n, (a, b2) => guard.Holds(a + b2), description);
                break;
            case BehaviourKind.PermitDynamicIf when p is SM.TriggerWithParameters<int, int, int> p3:
                c.PermitDynamicIf(p3, (a, b2, c3) => (b.Target + a + b2 + c3) % n, (a, b2, c3) => guard.Holds(a + b2 + c3), description);
                break;
            case BehaviourKind.InternalTransitionIfUntyped when p is SM.TriggerWithParameters<int, int> p2:
                c.InternalTransitionIf(p2, args => guard.Holds(args.OfType<int>().Sum()), (a, b2, tr) => _log.Add($"internal {b.State} {a},{b2} {Describe(tr)}"), description);
                break;
            case BehaviourKind.InternalTransitionIfUntyped when p is SM.TriggerWithParameters<int, int, int> p3:
                c.InternalTransitionIf(p3, args => guard.Holds(args.OfType<int>().Sum()), (a, b2, c3, tr) => _log.Add($"internal {b.State} {a},{b2},{c3} {Describe(tr)}"), description);
                break;
            case BehaviourKind.InternalTransitionIfUntyped:
                c.InternalTransitionIf<int>(t, args => guard.Holds(args.OfType<int>().Sum()), tr => _log.Add($"internal {b.State} {Describe(tr)}"), description);
                break;
            case BehaviourKind.PermitDynamicIfWithPossibleStates when p is SM.TriggerWithParameters<int> p1:
                c.PermitDynamicIf(p1, a => (b.Target + a) % n, Possible(b.Target), Tuple.Create<Func<int, bool>, string>(a => guard.Holds(a), description));
                break;
            case BehaviourKind.PermitDynamicIfWithPossibleStates when p is SM.TriggerWithParameters<int, int> p2:
                c.PermitDynamicIf(p2, (a, b2) => (b.Target + a + b2) % n, [Tuple.Create<Func<int, int, bool>, string>((a, b2) => guard.Holds(a + b2), description)], Possible(b.Target));
                break;
            case BehaviourKind.PermitDynamicIfWithPossibleStates when p is SM.TriggerWithParameters<int, int, int> p3:
                c.PermitDynamicIf(p3, (a, b2, c3) => (b.Target + a + b2 + c3) % n, [Tuple.Create<Func<int, int, int, bool>, string>((a, b2, c3) => guard.Holds(a + b2 + c3), description)], Possible(b.Target));
                break;
            case BehaviourKind.PermitDynamicIfWithPossibleStates:
                c.PermitDynamicIf(t, () => b.Target, "selector", Possible(b.Target), Tuple.Create<Func<bool>, string>(() => guard.Value, description));
                break;
            default:
                c.PermitDynamicIf(t, () => b.Target, () => guard.Value, description);
                break;
        }

        _ = arity;
    }

    private void ConfigureAsync(SM.StateConfiguration c, BehaviourSpec b, SM.TriggerWithParameters? p)
    {
        var p1 = p as SM.TriggerWithParameters<int>;
        var guard = b.Guard;
        var description = guard.Description;
        var n = _spec.StateCount;
        var t = b.Trigger;
        switch (b.Kind)
        {
            case BehaviourKind.PermitIf when guard.UsesArguments && p1 is not null:
                c.PermitIfAsync(p1, b.Target, a => Later(guard, guard.Holds(a)), description);
                break;
            case BehaviourKind.PermitIf when guard.UsesArguments && p is SM.TriggerWithParameters<int, int> p2:
                c.PermitIfAsync(p2, b.Target, (a, b2) => Later(guard, guard.Holds(a + b2)), description);
                break;
            case BehaviourKind.PermitIf when guard.UsesArguments && p is SM.TriggerWithParameters<int, int, int> p3:
                c.PermitIfAsync(p3, b.Target, (a, b2, c3) => Later(guard, guard.Holds(a + b2 + c3)), description);
                break;
            case BehaviourKind.PermitIf:
                c.PermitIfAsync(t, b.Target, () => Later(guard, guard.Value), description);
                break;
            case BehaviourKind.PermitReentryIf when guard.UsesArguments && p1 is not null:
                c.PermitReentryIfAsync(p1, a => Later(guard, guard.Holds(a)), description);
                break;
            case BehaviourKind.PermitReentryIf when guard.UsesArguments && p is SM.TriggerWithParameters<int, int> p2:
                c.PermitReentryIfAsync(p2, (a, b2) => Later(guard, guard.Holds(a + b2)), description);
                break;
            case BehaviourKind.PermitReentryIf when guard.UsesArguments && p is SM.TriggerWithParameters<int, int, int> p3:
                c.PermitReentryIfAsync(p3, (a, b2, c3) => Later(guard, guard.Holds(a + b2 + c3)), description);
                break;
            case BehaviourKind.PermitReentryIf:
                c.PermitReentryIfAsync(t, Tuple.Create<Func<Task<bool>>, string>(() => Later(guard, guard.Value), description));
                break;
            case BehaviourKind.PermitDynamic when p1 is not null:
                c.PermitDynamicAsync(p1, a => Later(guard, (b.Target + a) % n), "selector");
                break;
            case BehaviourKind.PermitDynamic:
                c.PermitDynamicAsync(t, () => Later(guard, b.Target), "selector");
                break;
            case BehaviourKind.PermitDynamicIf when p1 is not null:
                c.PermitDynamicIfAsync(p1, a => Later(guard, (b.Target + a) % n), a => guard.Holds(a), description);
                break;
            case BehaviourKind.PermitDynamicIf when p is SM.TriggerWithParameters<int, int> p2:
                c.PermitDynamicIfAsync(p2, (a, b2) => Later(guard, (b.Target + a + b2) % n), (a, b2) => guard.Holds(a + b2), description);
                break;
            case BehaviourKind.PermitDynamicIf when p is SM.TriggerWithParameters<int, int, int> p3:
                c.PermitDynamicIfAsync(p3, (a, b2, c3) => Later(guard, (b.Target + a + b2 + c3) % n), (a, b2, c3) => guard.Holds(a + b2 + c3), description);
                break;
            default:
                c.PermitDynamicIfAsync(t, () => Later(guard, b.Target), () => guard.Value, description);
                break;
        }
    }

    private static Task<T> Later<T>(GuardSpec guard, T value) => guard.Async == 1 ? Task.FromResult(value) : Yielded(value);

    private static async Task<T> Yielded<T>(T value)
    {
        await Task.Yield();
        return value;
    }

    private void Configure(SM.StateConfiguration c, ActionSpec a)
    {
        var s = a.State;
        var p = _parameters[a.Trigger];
        switch (a.Kind)
        {
            case ActionKind.Entry:
                c.OnEntry(t => { _log.Add($"entry {s} {Describe(t)}"); FireFromAction(a); }, "entry" + s);
                break;
            case ActionKind.EntryFrom when p is SM.TriggerWithParameters<int> p1:
                c.OnEntryFrom(p1, (x, t) => { _log.Add($"entry {s} from {x} {Describe(t)}"); FireFromAction(a); }, "from" + s);
                break;
            case ActionKind.EntryFrom when p is SM.TriggerWithParameters<int, int> p2:
                c.OnEntryFrom(p2, (x, y, t) => { _log.Add($"entry {s} from {x},{y} {Describe(t)}"); FireFromAction(a); }, "from" + s);
                break;
            case ActionKind.EntryFrom when p is SM.TriggerWithParameters<int, int, int> p3:
                c.OnEntryFrom(p3, (x, y, z, t) => { _log.Add($"entry {s} from {x},{y},{z} {Describe(t)}"); FireFromAction(a); }, "from" + s);
                break;
            case ActionKind.EntryFrom:
                c.OnEntryFrom(a.Trigger, t => { _log.Add($"entry {s} from {Describe(t)}"); FireFromAction(a); }, "from" + s);
                break;
            case ActionKind.Exit:
                c.OnExit(t => { _log.Add($"exit {s} {Describe(t)}"); FireFromAction(a); }, "exit" + s);
                break;
            case ActionKind.Activate:
                c.OnActivate(() => _log.Add($"activate {s}"), "activate" + s);
                break;
            default:
                c.OnDeactivate(() => _log.Add($"deactivate {s}"), "deactivate" + s);
                break;
        }
    }

    private async Task LogLater(string line)
    {
        await Task.Yield();
        _log.Add(line);
    }

    private void FireFromAction(ActionSpec action)
    {
        if (action.FiresTrigger < 0 || _budget <= 0)
        {
            return;
        }

        _budget--;
        _log.Add($"fire {action.FiresTrigger} from {action.Kind} {action.State}");
        _machine.Fire(action.FiresTrigger);
    }

    private string Apply(OperationSpec op)
    {
        var p = _parameters[Math.Min(op.Trigger, _parameters.Length - 1)];
        var values = op.Values();
        var a = op.Arguments;
        ICollection<string>? unmet;
        switch (op.Kind)
        {
            case OperationKind.Fire:
                _machine.Fire(op.Trigger);
                return "ok";
            case OperationKind.FireTyped when p is SM.TriggerWithParameters<int> p1:
                _machine.Fire(p1, a[0]);
                return "ok";
            case OperationKind.FireTyped when p is SM.TriggerWithParameters<int, int> p2:
                _machine.Fire(p2, a[0], a[1]);
                return "ok";
            case OperationKind.FireTyped when p is SM.TriggerWithParameters<int, int, int> p3:
                _machine.Fire(p3, a[0], a[1], a[2]);
                return "ok";
            case OperationKind.FireUntyped:
                _machine.Fire(p!, values!);
                return "ok";
            case OperationKind.CanFire:
                return $"{_machine.CanFire(op.Trigger, out unmet)} {Observations.List(unmet)} {_machine.CanFire(op.Trigger)}";
            case OperationKind.CanFireTyped when p is SM.TriggerWithParameters<int> p1:
                return $"{_machine.CanFire(p1, a[0], out unmet)} {Observations.List(unmet)} {_machine.CanFire(p1, a[0])}";
            case OperationKind.CanFireTyped when p is SM.TriggerWithParameters<int, int> p2:
                return $"{_machine.CanFire(p2, a[0], a[1], out unmet)} {Observations.List(unmet)} {_machine.CanFire(p2, a[0], a[1])}";
            case OperationKind.CanFireTyped when p is SM.TriggerWithParameters<int, int, int> p3:
                return $"{_machine.CanFire(p3, a[0], a[1], a[2], out unmet)} {Observations.List(unmet)} {_machine.CanFire(p3, a[0], a[1], a[2])}";
            case OperationKind.PermittedTriggers:
                return Observations.List(_machine.PermittedTriggers.Select(t => t.ToString(CultureInfo.InvariantCulture)));
            case OperationKind.GetPermittedTriggers:
                // The async form must agree with the synchronous one; with synchronous guards it has completed.
                return Observations.List(_machine.GetPermittedTriggers(values!).Select(t => t.ToString(CultureInfo.InvariantCulture)))
                    + Observations.List(_machine.GetPermittedTriggersAsync(values!).GetAwaiter().GetResult().Select(t => t.ToString(CultureInfo.InvariantCulture)));
            case OperationKind.FireAsync when p is SM.TriggerWithParameters<int> p1:
                _machine.FireAsync(p1, a[0]).GetAwaiter().GetResult();
                return "ok";
            case OperationKind.FireAsync when p is SM.TriggerWithParameters<int, int> p2:
                _machine.FireAsync(p2, a[0], a[1]).GetAwaiter().GetResult();
                return "ok";
            case OperationKind.FireAsync when p is SM.TriggerWithParameters<int, int, int> p3:
                _machine.FireAsync(p3, a[0], a[1], a[2]).GetAwaiter().GetResult();
                return "ok";
            case OperationKind.FireAsync:
                _machine.FireAsync(op.Trigger).GetAwaiter().GetResult();
                return "ok";
            case OperationKind.GetPermittedTriggersAsync:
                return Observations.List(_machine.GetPermittedTriggersAsync(values!).GetAwaiter().GetResult().Select(t => t.ToString(CultureInfo.InvariantCulture)))
                    + Observations.List(_machine.PermittedTriggersAsync.GetAwaiter().GetResult().Select(t => t.ToString(CultureInfo.InvariantCulture)))
                    + Observations.List(Details(_machine.GetDetailedPermittedTriggers(values!).GetAwaiter().GetResult()));
            case OperationKind.GetDetailedPermittedTriggers:
                return Observations.List(Details(_machine.GetDetailedPermittedTriggers(values!).GetAwaiter().GetResult()));
            case OperationKind.Activate:
                _machine.Activate();
                return "ok";
            case OperationKind.Deactivate:
                _machine.Deactivate();
                return "ok";
            case OperationKind.IsInState:
                return _machine.IsInState(op.Trigger).ToString();
            case OperationKind.GetInfo:
                return Normalize(_machine.GetInfo());
            case OperationKind.Graph:
                return "\n" + Library.Graph.UmlDotGraph.Format(_machine.GetInfo()) + "\n" + Library.Graph.MermaidGraph.Format(_machine.GetInfo()) + "\n";
            default:
                throw new InvalidOperationException("Unexpected step " + op);
        }
    }

    private static IEnumerable<string> Details(IEnumerable<Library.TriggerDetails<int, int>> list)
        => list.Select(d => $"{d.Trigger} {d.HasParameters} {(d.Parameters is null ? "-" : d.Parameters.Trigger)}");

    private static string Describe(SM.Transition t)
        => $"[{t.Source}->{t.Destination} by {t.Trigger} reentry={t.IsReentry} initial={t is SM.InitialTransition} args={string.Join(",", t.Parameters.Select(Observations.Value))}]";

    private static string Normalize(LibraryInfo.StateMachineInfo info)
    {
        static string Invocations(IEnumerable<LibraryInfo.InvocationInfo> list) => string.Join(",", list.Select(i => i.Description));
        static string Guards(LibraryInfo.TransitionInfo t) => Invocations(t.GuardConditionsMethodDescriptions);
        var states = info.States.OrderBy(s => (int)s.UnderlyingState).Select(s =>
            $"{s.UnderlyingState}(super={s.Superstate?.UnderlyingState}"
            + $" subs={string.Join(",", s.Substates.Select(x => x.UnderlyingState).OrderBy(x => x))}"
            + $" entry={string.Join(",", s.EntryActions.Select(e => e.Method.Description + "/" + e.FromTrigger))}"
            + $" exit={Invocations(s.ExitActions)} activate={Invocations(s.ActivateActions)} deactivate={Invocations(s.DeactivateActions)}"
            + $" fixed={string.Join(",", s.FixedTransitions.Select(f => $"{f.Trigger.UnderlyingTrigger}>{f.DestinationState.UnderlyingState}:{f.IsInternalTransition}[{Guards(f)}]"))}"
            + $" dynamic={string.Join(",", s.DynamicTransitions.Select(d => $"{d.Trigger.UnderlyingTrigger}>{d.DestinationStateSelectorDescription.Description}[{Guards(d)}]"))}"
            + $" ignored={string.Join(",", s.IgnoredTriggers.Select(g => $"{g.Trigger.UnderlyingTrigger}[{Guards(g)}]"))})");
        return $"initial={info.InitialState.UnderlyingState}" + string.Concat(states.Select(state => " " + state));
    }
}
