using CsCheck;

namespace MarketingWorkflows.Conformance.Tests;

/// <summary>Generates machines and scenarios. Smaller numbers shrink to simpler cases.</summary>
internal static class MachineSpecGenerator
{
    private const int MaxStates = 6;
    private const int MaxTriggers = 4;

    /// <summary>Machines with asynchronous guards and FireAsync steps among the synchronous ones.</summary>
    public static readonly Gen<MachineSpec> Machine;

    /// <summary>Machines whose guards and selectors are all synchronous, fired synchronously.</summary>
    public static readonly Gen<MachineSpec> Synchronous =
        from stateCount in Gen.Int[1, MaxStates]
        from triggerCount in Gen.Int[1, MaxTriggers]
        from parentChoices in Gen.Int[0, MaxStates].Array[MaxStates]
        from initialChoices in Gen.Int[0, MaxStates].Array[MaxStates]
        from arities in Gen.Frequency((3, Gen.Const(0)), (1, Gen.Int[1, 3])).Array[triggerCount]
        from behaviours in Behaviour(stateCount, triggerCount).Array[0, 10]
        from actions in Action(stateCount, triggerCount).Array[0, 6]
        from immediate in Gen.Bool
        from external in Gen.Bool
        from initialState in Gen.Int[0, stateCount - 1]
        from transitioned in Gen.Bool
        from completed in Gen.Bool
        from unhandled in Gen.Frequency((4, Gen.Const(false)), (1, Gen.Const(true)))
        from operations in Operation(stateCount, triggerCount).Array[1, 10]
        from frozen in Gen.Bool
        select Build(stateCount, parentChoices, initialChoices, arities, behaviours, actions, immediate, external, initialState, transitioned, completed, unhandled, operations) with { Frozen = frozen };

    // Drawn after everything else, so a seed's synchronous machines stay as they were; shrinking
    // makes a machine synchronous.
    static MachineSpecGenerator() => Machine =
        from spec in Synchronous
        from asynchronous in Gen.Bool
        from asyncModes in Gen.Int[0, 2].Array[10]
        from asyncSteps in Gen.Bool.Array[10]
        from asyncListeners in Gen.Bool
        select WithAsyncGuards(spec, asynchronous, asyncModes, asyncSteps, asyncListeners);

    private static Gen<GuardSpec> Guard =>
        from usesArguments in Gen.Bool
        from value in Gen.Bool
        from modulus in Gen.Int[2, 3]
        from remainder in Gen.Int[0, 1]
        select new GuardSpec(0, usesArguments, value, modulus, remainder);

    private static Gen<BehaviourSpec> Behaviour(int stateCount, int triggerCount) =>
        from state in Gen.Int[0, stateCount - 1]
        from kind in Gen.Enum<BehaviourKind>()
        from trigger in Gen.Int[0, triggerCount - 1]
        from target in Gen.Int[0, stateCount - 1]
        from guard in Guard
        select new BehaviourSpec(state, kind, trigger, target, guard);

    private static Gen<ActionSpec> Action(int stateCount, int triggerCount) =>
        from state in Gen.Int[0, stateCount - 1]
        from kind in Gen.Enum<ActionKind>()
        from trigger in Gen.Int[0, triggerCount - 1]
        from fires in Gen.Frequency((3, Gen.Const(-1)), (1, Gen.Int[0, triggerCount - 1]))
        select new ActionSpec(state, kind, trigger, kind is ActionKind.Activate or ActionKind.Deactivate ? -1 : fires);

    private static Gen<OperationSpec> Operation(int stateCount, int triggerCount) =>
        from kind in Gen.Frequency(
            (6, Gen.Const(OperationKind.Fire)),
            (4, Gen.Const(OperationKind.FireTyped)),
            (3, Gen.Const(OperationKind.FireUntyped)),
            (2, Gen.Const(OperationKind.CanFire)),
            (2, Gen.Const(OperationKind.CanFireTyped)),
            (1, Gen.Const(OperationKind.PermittedTriggers)),
            (1, Gen.Const(OperationKind.GetPermittedTriggers)),
            (1, Gen.Const(OperationKind.GetDetailedPermittedTriggers)),
            (1, Gen.Const(OperationKind.Activate)),
            (1, Gen.Const(OperationKind.Deactivate)),
            (1, Gen.Const(OperationKind.IsInState)),
            (1, Gen.Const(OperationKind.GetInfo)))
        from trigger in Gen.Int[0, Math.Max(stateCount, triggerCount) - 1]
        from arguments in Gen.Frequency((5, Gen.Int[0, 5]), (1, Gen.Int[-2, -1])).Array[0, 4]
        select new OperationSpec(kind, trigger, arguments);

    /// <summary>
    /// Makes some guards and selectors asynchronous and fires with FireAsync. Only where the
    /// libraries agree on purpose: a guard or selector is asynchronous only when its trigger has
    /// no other handling anywhere in the machine, as Stateless's FireAsync takes one of two open
    /// transitions where the kernel refuses (a deliberate difference); such machines skip GetInfo
    /// (Stateless leaves asynchronously guarded transitions out) and actions fire nothing from
    /// inside, since that Fire is synchronous. A synchronous step that would meet an asynchronous
    /// guard or selector becomes its asynchronous twin: Stateless blocks on the task there, the
    /// kernel refuses ("use FireAsync"), a deliberate difference. Other steps stay synchronous,
    /// or (drawn per step) fire with FireAsync. Half such machines also register asynchronous
    /// transition listeners, and then every step fires with FireAsync.
    /// </summary>
    private static MachineSpec WithAsyncGuards(MachineSpec spec, bool asynchronous, int[] modes, bool[] steps, bool asyncListeners)
    {
        if (!asynchronous)
        {
            return spec;
        }

        var behaviours = spec.Behaviours.Select((b, i) =>
            b.Kind is BehaviourKind.PermitIf or BehaviourKind.PermitReentryIf or BehaviourKind.PermitDynamic or BehaviourKind.PermitDynamicIf
            && spec.Arities[b.Trigger] <= (b.Kind == BehaviourKind.PermitDynamic ? 1 : 3)
            && spec.Behaviours.Count(o => o.Trigger == b.Trigger) == 1
                ? b with { Guard = b.Guard with { Async = modes[i] } }
                : b).ToArray();
        if (!behaviours.Any(b => b.Guard.Async > 0))
        {
            return spec;
        }

        var asyncTriggers = behaviours.Where(b => b.Guard.Async > 0).Select(b => b.Trigger).ToHashSet();
        var operations = spec.Operations.Select((o, i) => o.Kind switch
        {
            OperationKind.Fire or OperationKind.FireTyped or OperationKind.FireUntyped when asyncListeners || steps[i] || asyncTriggers.Contains(o.Trigger) =>
                new OperationSpec(OperationKind.FireAsync, o.Trigger, Enumerable.Range(0, spec.Arities[o.Trigger]).Select(k => k < o.Arguments.Length ? Math.Max(0, o.Arguments[k]) : k).ToArray()),
            OperationKind.CanFire or OperationKind.CanFireTyped when asyncTriggers.Contains(o.Trigger) => o with { Kind = OperationKind.GetPermittedTriggersAsync },
            OperationKind.GetPermittedTriggers or OperationKind.PermittedTriggers => o with { Kind = OperationKind.GetPermittedTriggersAsync },

            OperationKind.GetInfo => new OperationSpec(OperationKind.IsInState, o.Trigger % spec.StateCount, []),
            _ => o,
        }).ToArray();
        var actions = spec.Actions.Select(a => a with { FiresTrigger = -1 }).ToArray();
        return spec with { Behaviours = behaviours, Operations = operations, Actions = actions, AsyncListeners = asyncListeners };
    }

    private static MachineSpec Build(
        int stateCount,
        int[] parentChoices,
        int[] initialChoices,
        int[] arities,
        BehaviourSpec[] behaviours,
        ActionSpec[] actions,
        bool immediate,
        bool external,
        int initialState,
        bool transitioned,
        bool completed,
        bool unhandled,
        OperationSpec[] operations)
    {
        var triggerCount = arities.Length;

        // A superstate has a lower number (no cycles); a choice of 0 means none, so shrinking flattens.
        var superstates = new int[stateCount];
        for (var s = 0; s < stateCount; s++)
        {
            superstates[s] = s == 0 || parentChoices[s] == 0 ? -1 : (parentChoices[s] - 1) % s;
        }

        // An initial transition targets a direct substate, as both libraries require. Stateless
        // mishandles initial transitions in Immediate mode (a deliberate difference, pinned on
        // its own), so Immediate machines have none.
        var initial = new int[stateCount];
        for (var s = 0; s < stateCount; s++)
        {
            var children = Enumerable.Range(0, stateCount).Where(c => superstates[c] == s).ToArray();
            initial[s] = immediate || initialChoices[s] == 0 || children.Length == 0 ? -1 : children[(initialChoices[s] - 1) % children.Length];
        }

        // A guard over arguments needs a trigger with arguments; each guard gets its own name.
        behaviours = behaviours
            .Select((b, i) => b with { Guard = b.Guard with { Id = i, UsesArguments = b.Guard.UsesArguments && arities[b.Trigger] > 0 } })
            .ToArray();

        // Each step names a trigger or, for IsInState, a state; typed firing needs declared arguments.
        operations = operations.Select(o =>
        {
            var trigger = o.Kind == OperationKind.IsInState ? o.Trigger % stateCount : o.Trigger % triggerCount;
            var arity = o.Kind == OperationKind.IsInState ? 0 : arities[trigger];
            if (o.Kind is OperationKind.FireTyped or OperationKind.FireUntyped or OperationKind.CanFireTyped && arity == 0)
            {
                return new OperationSpec(o.Kind == OperationKind.CanFireTyped ? OperationKind.CanFire : OperationKind.Fire, trigger, []);
            }

            var arguments = o.Kind is OperationKind.FireTyped or OperationKind.CanFireTyped
                ? Enumerable.Range(0, arity).Select(i => i < o.Arguments.Length ? Math.Max(0, o.Arguments[i]) : i).ToArray()
                : o.Kind is OperationKind.Fire or OperationKind.CanFire or OperationKind.PermittedTriggers or OperationKind.Activate or OperationKind.Deactivate or OperationKind.IsInState or OperationKind.GetInfo
                    ? []
                    : o.Arguments;
            return new OperationSpec(o.Kind, trigger, arguments);
        }).ToArray();

        return new MachineSpec(stateCount, superstates, initial, arities, behaviours, actions, immediate, external, initialState, transitioned, completed, unhandled, operations, Frozen: false);
    }
}
