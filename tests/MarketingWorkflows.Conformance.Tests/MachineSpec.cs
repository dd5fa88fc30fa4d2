using System.Globalization;
using System.Text;

namespace MarketingWorkflows.Conformance.Tests;

/// <summary>What a configured trigger does in a state.</summary>
public enum BehaviourKind
{
    Permit,
    PermitIf,
    PermitReentry,
    PermitReentryIf,
    Ignore,
    IgnoreIf,
    InternalTransition,
    InternalTransitionIf,
    PermitDynamic,
    PermitDynamicIf,

    /// <summary>InternalTransitionIf with a guard over the untyped arguments.</summary>
    InternalTransitionIfUntyped,

    /// <summary>PermitDynamicIf with a guard list and the possible destinations declared.</summary>
    PermitDynamicIfWithPossibleStates,
}

/// <summary>The kinds of state action.</summary>
public enum ActionKind
{
    Entry,
    EntryFrom,
    Exit,
    Activate,
    Deactivate,
}

/// <summary>What one step of a generated scenario does.</summary>
public enum OperationKind
{
    /// <summary>Fire(trigger), without arguments.</summary>
    Fire,

    /// <summary>Fire(triggerWithParameters, arg0, ...) with typed arguments.</summary>
    FireTyped,

    /// <summary>Fire(triggerWithParameters, params object[]) with any arguments.</summary>
    FireUntyped,
    CanFire,
    CanFireTyped,
    PermittedTriggers,
    GetPermittedTriggers,
    GetDetailedPermittedTriggers,
    Activate,
    Deactivate,
    IsInState,
    GetInfo,

    /// <summary>UmlDotGraph.Format and MermaidGraph.Format of GetInfo(); the graph tests add it, the generator does not.</summary>
    Graph,

    /// <summary>FireAsync(trigger) or, when the trigger takes arguments, FireAsync(triggerWithParameters, arg0, ...).</summary>
    FireAsync,

    /// <summary>GetPermittedTriggersAsync(params object[]) alone, for machines with asynchronous guards.</summary>
    GetPermittedTriggersAsync,
}

/// <summary>
/// A guard: without arguments it is a constant; with arguments it holds when the sum of the
/// arguments modulo <see cref="Modulus"/> is <see cref="Remainder"/>. <see cref="Async"/> 0 is a
/// synchronous guard (or selector); 1 an asynchronous one returning Task.FromResult; 2 one that
/// awaits Task.Yield first.
/// </summary>
public sealed record GuardSpec(int Id, bool UsesArguments, bool Value, int Modulus, int Remainder, int Async = 0)
{
    public string Description => "g" + Id.ToString(CultureInfo.InvariantCulture);

    public bool Holds(int sum) => UsesArguments ? sum % Modulus == Remainder : Value;

    public string Lambda(int arity) => UsesArguments
        ? $"{Parameters(arity)} => ({Sum(arity)}) % {Modulus} == {Remainder}"
        : $"() => {(Value ? "true" : "false")}";

    public static string Parameters(int arity) => arity == 1 ? "a" : "(" + string.Join(", ", Names(arity)) + ")";

    public static string Sum(int arity) => string.Join(" + ", Names(arity));

    private static IEnumerable<string> Names(int arity) => new[] { "a", "b", "c" }.Take(arity);
}

/// <summary>One configured handling of a trigger in a state.</summary>
public sealed record BehaviourSpec(int State, BehaviourKind Kind, int Trigger, int Target, GuardSpec Guard);

/// <summary>One state action; <see cref="FiresTrigger"/> (when not -1) is fired from inside it.</summary>
public sealed record ActionSpec(int State, ActionKind Kind, int Trigger, int FiresTrigger);

/// <summary>
/// One step. <see cref="Arguments"/> holds the arguments: an int is passed as is, -1 stands
/// for a string and -2 for null (wrong-typed arguments).
/// </summary>
public sealed record OperationSpec(OperationKind Kind, int Trigger, int[] Arguments)
{
    public object?[] Values() => Arguments.Select(a => a switch { -1 => (object?)"text", -2 => null, _ => a }).ToArray();

    public override string ToString() => $"{Kind} {Trigger} [{string.Join(", ", Arguments)}]";
}

/// <summary>
/// A generated machine and scenario, built identically on Stateless and on the kernel. States
/// and triggers are ints; a state's superstate has a lower number, so there are no cycles. When
/// <see cref="Frozen"/>, the kernel's run freezes the configuration and fires a machine created
/// over the shared definition.
/// </summary>
public sealed record MachineSpec(
    int StateCount,
    int[] Superstates,
    int[] InitialTransitions,
    int[] Arities,
    BehaviourSpec[] Behaviours,
    ActionSpec[] Actions,
    bool Immediate,
    bool ExternalState,
    int InitialState,
    bool Transitioned,
    bool Completed,
    bool Unhandled,
    OperationSpec[] Operations,
    bool Frozen)
{
    /// <summary>Gets how many triggers an action may fire during one step (stops endless loops).</summary>
    public const int FiringBudget = 3;

    /// <summary>Gets how many transitions one step may make before it counts as an endless loop.</summary>
    public const int RunawayTransitions = 100;

    /// <summary>Gets whether asynchronous transition listeners are registered too (before the synchronous ones); every fire is then FireAsync.</summary>
    public bool AsyncListeners { get; init; }

    /// <summary>Gets whether some guard or selector is asynchronous.</summary>
    public bool HasAsyncGuards => Behaviours.Any(b => b.Guard.Async > 0);

    /// <summary>Writes the case as C# against Stateless's API, to paste into a test.</summary>
    public string ToCSharp()
    {
        var code = new StringBuilder();
        code.AppendLine("// Actions and listeners append to `log`; each step's result and the state are compared.");
        code.AppendLine(ExternalState
            ? $"var state = {InitialState}; var m = new StateMachine<int, int>(() => state, s => state = s, FiringMode.{(Immediate ? "Immediate" : "Queued")});"
            : $"var m = new StateMachine<int, int>({InitialState}, FiringMode.{(Immediate ? "Immediate" : "Queued")});");
        for (var t = 0; t < Arities.Length; t++)
        {
            if (Arities[t] > 0)
            {
                code.AppendLine($"var t{t} = m.SetTriggerParameters<{string.Join(", ", Enumerable.Repeat("int", Arities[t]))}>({t});");
            }
        }

        for (var s = 0; s < StateCount; s++)
        {
            if (Superstates[s] >= 0)
            {
                code.AppendLine($"m.Configure({s}).SubstateOf({Superstates[s]});");
            }

            if (InitialTransitions[s] >= 0)
            {
                code.AppendLine($"m.Configure({s}).InitialTransition({InitialTransitions[s]});");
            }
        }

        foreach (var b in Behaviours)
        {
            code.AppendLine(b.Guard.Async == 0
                ? $"m.Configure({b.State}).{Describe(b)};"
                : $"m.Configure({b.State}).{b.Kind}Async(...) /* as {Describe(b)}, the {(b.Kind is BehaviourKind.PermitDynamic or BehaviourKind.PermitDynamicIf ? "selector" : "guard")} returning {(b.Guard.Async == 1 ? "Task.FromResult" : "after await Task.Yield()")} */;");
        }

        foreach (var a in Actions)
        {
            var fire = a.FiresTrigger >= 0 ? $" m.Fire({a.FiresTrigger});" : string.Empty;
            code.AppendLine(a.Kind switch
            {
                ActionKind.Entry => $"m.Configure({a.State}).OnEntry(t => {{ log.Add(\"entry {a.State}\");{fire} }}, \"entry{a.State}\");",
                ActionKind.EntryFrom => $"m.Configure({a.State}).OnEntryFrom({TriggerName(a.Trigger)}, ... => {{ log.Add(\"entry {a.State} from {a.Trigger}\");{fire} }}, \"from{a.State}\");",
                ActionKind.Exit => $"m.Configure({a.State}).OnExit(t => {{ log.Add(\"exit {a.State}\");{fire} }}, \"exit{a.State}\");",
                ActionKind.Activate => $"m.Configure({a.State}).OnActivate(() => log.Add(\"activate {a.State}\"), \"activate{a.State}\");",
                _ => $"m.Configure({a.State}).OnDeactivate(() => log.Add(\"deactivate {a.State}\"), \"deactivate{a.State}\");",
            });
        }

        if (Frozen)
        {
            code.AppendLine("// The kernel's run freezes here and continues on definition.CreateMachine(...).");
        }

        if (AsyncListeners)
        {
            code.AppendLine("// Before the listeners below: m.OnTransitionedAsync / m.OnTransitionCompletedAsync(async t => { await Task.Yield(); log.Add(\"... async\"); });");
        }

        if (Transitioned)
        {
            code.AppendLine("m.OnTransitioned(t => log.Add(\"transitioned ...\"));");
        }

        if (Completed)
        {
            code.AppendLine("m.OnTransitionCompleted(t => log.Add(\"completed ...\"));");
        }

        if (Unhandled)
        {
            code.AppendLine("m.OnUnhandledTrigger((s, t, unmet) => log.Add(\"unhandled ...\"));");
        }

        foreach (var op in Operations)
        {
            var args = string.Join(", ", op.Values().Select(v => v switch { null => "null", string s => "\"" + s + "\"", _ => v.ToString() }));
            code.AppendLine(op.Kind switch
            {
                OperationKind.Fire => $"m.Fire({op.Trigger});",
                OperationKind.FireTyped => $"m.Fire(t{op.Trigger}, {args});",
                OperationKind.FireUntyped => $"m.Fire((StateMachine<int, int>.TriggerWithParameters)t{op.Trigger}, new object[] {{ {args} }});",
                OperationKind.CanFire => $"m.CanFire({op.Trigger}, out var unmet);",
                OperationKind.CanFireTyped => $"m.CanFire(t{op.Trigger}, {args}, out var unmet);",
                OperationKind.PermittedTriggers => "m.PermittedTriggers;",
                OperationKind.GetPermittedTriggers => $"m.GetPermittedTriggers({args});",
                OperationKind.GetDetailedPermittedTriggers => $"m.GetDetailedPermittedTriggers({args});",
                OperationKind.Activate => "m.Activate();",
                OperationKind.Deactivate => "m.Deactivate();",
                OperationKind.IsInState => $"m.IsInState({op.Trigger});",
                OperationKind.Graph => "UmlDotGraph.Format(m.GetInfo()); MermaidGraph.Format(m.GetInfo());",
                OperationKind.FireAsync => Arities[op.Trigger] > 0 ? $"await m.FireAsync(t{op.Trigger}, {args});" : $"await m.FireAsync({op.Trigger});",
                OperationKind.GetPermittedTriggersAsync => $"await m.GetPermittedTriggersAsync({args});",
                _ => "m.GetInfo();",
            });
        }

        return code.ToString();
    }

    private string TriggerName(int trigger) => Arities[trigger] > 0 ? "t" + trigger : trigger.ToString(CultureInfo.InvariantCulture);

    private string Describe(BehaviourSpec b)
    {
        var arity = Arities[b.Trigger];
        var guardArity = b.Guard.UsesArguments ? arity : 0;
        var trigger = b.Guard.UsesArguments ? TriggerName(b.Trigger) : b.Trigger.ToString(CultureInfo.InvariantCulture);
        var guard = $"{b.Guard.Lambda(guardArity)}, \"{b.Guard.Description}\"";
        var selector = arity > 0 ? $"{GuardSpec.Parameters(arity)} => ({b.Target} + {GuardSpec.Sum(arity)}) % {StateCount}" : $"() => {b.Target}";
        var call = b.Kind switch
        {
            BehaviourKind.Permit => $"Permit({b.Trigger}, {b.Target})",
            BehaviourKind.PermitIf => $"PermitIf({trigger}, {b.Target}, {guard})",
            BehaviourKind.PermitReentry => $"PermitReentry({b.Trigger})",
            BehaviourKind.PermitReentryIf => $"PermitReentryIf({trigger}, {guard})",
            BehaviourKind.Ignore => $"Ignore({b.Trigger})",
            BehaviourKind.IgnoreIf => $"IgnoreIf({trigger}, {guard})",
            BehaviourKind.InternalTransition => $"InternalTransition({TriggerName(b.Trigger)}, ... => log.Add(\"internal\"))",
            BehaviourKind.InternalTransitionIf => $"InternalTransitionIf({(arity > 0 ? TriggerName(b.Trigger) : b.Trigger)}, {(arity > 0 ? b.Guard.Lambda(arity) : "_ => " + (b.Guard.Value ? "true" : "false"))}, ... => log.Add(\"internal\"), \"{b.Guard.Description}\")",
            BehaviourKind.PermitDynamic => $"PermitDynamic({TriggerName(b.Trigger)}, {selector}, \"selector\")",
            BehaviourKind.InternalTransitionIfUntyped => $"InternalTransitionIf{(arity > 1 ? "" : "<int>")}({(arity > 1 ? TriggerName(b.Trigger) : b.Trigger)}, args => {(b.Guard.UsesArguments ? $"args.OfType<int>().Sum() % {b.Guard.Modulus} == {b.Guard.Remainder}" : (b.Guard.Value ? "true" : "false"))}, ... => log.Add(\"internal\"), \"{b.Guard.Description}\")",
            BehaviourKind.PermitDynamicIfWithPossibleStates => $"PermitDynamicIf({TriggerName(b.Trigger)}, {selector}, possible: [{b.Target}], guards: [({(arity > 0 ? b.Guard.Lambda(arity) : b.Guard.Lambda(0))}, \"{b.Guard.Description}\")])",
            _ => $"PermitDynamicIf({TriggerName(b.Trigger)}, {selector}, {(arity > 0 ? b.Guard.Lambda(arity) : b.Guard.Lambda(0))}, \"{b.Guard.Description}\")",
        };

        // An asynchronous guard (or, for PermitDynamic, selector) is the ...Async form of the call.
        return b.Guard.Async > 0 ? call.Insert(call.IndexOf('(', StringComparison.Ordinal), "Async") : call;
    }
}
