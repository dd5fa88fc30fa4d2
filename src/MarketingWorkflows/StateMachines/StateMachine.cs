using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using MarketingWorkflows.StateMachines.Internal;
using MarketingWorkflows.StateMachines.Reflection;

namespace MarketingWorkflows.StateMachines;

/// <summary>
/// A hierarchical state machine with the vocabulary and semantics of Stateless: configure
/// states with <see cref="Configure(TState)"/>, then <see cref="Fire(TTrigger)"/> triggers.
/// </summary>
/// <typeparam name="TState">The type of the states.</typeparam>
/// <typeparam name="TTrigger">The type of the triggers.</typeparam>
/// <remarks>
/// <para>
/// A machine is for one caller at a time: it is not safe to fire, configure or read it from
/// several threads at once. To share a configuration, call <see cref="Freeze"/> once and create
/// a machine per instance from the returned <see cref="StateMachineDefinition{TState, TTrigger}"/>;
/// the definition is immutable and safe to share.
/// </para>
/// <para>
/// A transition is atomic up to the moment the state changes: when the handler lookup, a
/// guard, a destination selector or an exit action throws, the state is unchanged. The state
/// changes after the exit actions and before the entry actions; when an entry action throws,
/// the machine stays in the state being entered, the remaining entry actions and the
/// transition-completed listeners do not run, queued triggers are discarded, and the exception
/// reaches the caller unchanged.
/// </para>
/// </remarks>
public partial class StateMachine<TState, TTrigger>
    where TState : notnull
    where TTrigger : notnull
{
    private static readonly EqualityComparer<TState> StateComparer = EqualityComparer<TState>.Default;

    private readonly StateMachineDefinition<TState, TTrigger> _definition;
    private readonly Func<TState>? _stateAccessor;
    private readonly Action<TState>? _stateMutator;
    private readonly FiringMode _firingMode;
    private readonly TState _initialState;
    private TState _state;
    private bool _firing;
    private Queue<QueuedTrigger>? _queue;
    private MachineHooks<TState, TTrigger>? _ownHooks;

    /// <summary>
    /// Creates a machine whose state lives outside it, read and written through the given delegates.
    /// </summary>
    /// <param name="stateAccessor">Reads the current state.</param>
    /// <param name="stateMutator">Writes a new state.</param>
    public StateMachine(Func<TState> stateAccessor, Action<TState> stateMutator)
        : this(stateAccessor, stateMutator, FiringMode.Queued)
    {
    }

    /// <summary>Creates a machine that keeps its own state.</summary>
    /// <param name="initialState">The state to start in.</param>
    public StateMachine(TState initialState)
        : this(initialState, FiringMode.Queued)
    {
    }

    /// <summary>
    /// Creates a machine whose state lives outside it, with the given firing mode.
    /// </summary>
    /// <param name="stateAccessor">Reads the current state.</param>
    /// <param name="stateMutator">Writes a new state.</param>
    /// <param name="firingMode">How triggers fired from inside actions are handled.</param>
    public StateMachine(Func<TState> stateAccessor, Action<TState> stateMutator, FiringMode firingMode)
        : this(new StateMachineDefinition<TState, TTrigger>(), default!, stateAccessor ?? throw new ArgumentNullException(nameof(stateAccessor)), stateMutator ?? throw new ArgumentNullException(nameof(stateMutator)), firingMode)
    {
    }

    /// <summary>Creates a machine that keeps its own state, with the given firing mode.</summary>
    /// <param name="initialState">The state to start in.</param>
    /// <param name="firingMode">How triggers fired from inside actions are handled.</param>
    public StateMachine(TState initialState, FiringMode firingMode)
        : this(new StateMachineDefinition<TState, TTrigger>(), initialState, null, null, firingMode)
    {
    }

    internal StateMachine(
        StateMachineDefinition<TState, TTrigger> definition,
        TState initialState,
        Func<TState>? stateAccessor,
        Action<TState>? stateMutator,
        FiringMode firingMode)
    {
        _definition = definition;
        _state = initialState;

        // GetInfo shows the state the machine started in, as Stateless's does.
        _initialState = stateAccessor is null ? initialState : stateAccessor();
        _stateAccessor = stateAccessor;
        _stateMutator = stateMutator;
        _firingMode = firingMode;
    }

    /// <summary>Gets the current state.</summary>
    public TState State
    {
        get => _stateAccessor is null ? _state : _stateAccessor();
        private set
        {
            if (_stateMutator is null)
            {
                _state = value;
            }
            else
            {
                _stateMutator(value);
            }
        }
    }

    /// <summary>
    /// Gets the triggers that can be fired in the current state (guards evaluated with no arguments).
    /// </summary>
    public IEnumerable<TTrigger> PermittedTriggers => GetPermittedTriggers();

    /// <summary>
    /// Gets the triggers that can be fired in the current state (guards evaluated with no
    /// arguments), as a task like Stateless's.
    /// </summary>
    public Task<IEnumerable<TTrigger>> PermittedTriggersAsync => GetPermittedTriggersAsync();

    /// <summary>
    /// Gets or sets a value indicating whether async actions resume on the captured
    /// synchronization context. Default: <see langword="false"/>.
    /// </summary>
    public bool RetainSynchronizationContext { get; set; }

    private StateRepresentation<TState, TTrigger> CurrentRepresentation => _definition.GetRepresentation(State);

    private MachineHooks<TState, TTrigger> HooksForRegistration
        => _definition.IsFrozen ? (_ownHooks ??= new()) : _definition.Hooks;

    private bool HasAsync => _definition.HasAsync || (_ownHooks is not null && (_ownHooks.HasAsyncListener || _ownHooks.UnhandledAsync is not null));

    /// <summary>
    /// Freezes this machine's configuration into an immutable definition that is safe to share
    /// across threads, and returns it. This machine keeps working over the definition; configuring
    /// it afterwards throws. Calling it again returns the same definition.
    /// </summary>
    /// <returns>The frozen definition.</returns>
    /// <exception cref="InvalidOperationException">An initial transition targets a state that is not its direct substate.</exception>
    public StateMachineDefinition<TState, TTrigger> Freeze()
    {
        _definition.Freeze();
        return _definition;
    }

    /// <summary>
    /// Begins configuring <paramref name="state"/>.
    /// </summary>
    /// <param name="state">The state to configure.</param>
    /// <returns>A configuration object for the state.</returns>
    /// <exception cref="InvalidOperationException">The machine runs over a frozen definition.</exception>
    public StateConfiguration Configure(TState state) => new(this, _definition.GetOrAddRepresentation(state));

    /// <summary>
    /// Declares the argument types of <paramref name="trigger"/>. Call it once per trigger.
    /// </summary>
    /// <param name="trigger">The trigger.</param>
    /// <param name="argumentTypes">The argument types, in order.</param>
    /// <returns>The trigger with parameters, to fire and configure with.</returns>
    public TriggerWithParameters SetTriggerParameters(TTrigger trigger, params Type[] argumentTypes)
        => Register(new TriggerWithParameters(trigger, argumentTypes));

    /// <summary>Declares one argument of <paramref name="trigger"/>. Call it once per trigger.</summary>
    /// <typeparam name="TArg0">The type of the argument.</typeparam>
    /// <param name="trigger">The trigger.</param>
    /// <returns>The trigger with parameters, to fire and configure with.</returns>
    public TriggerWithParameters<TArg0> SetTriggerParameters<TArg0>(TTrigger trigger)
        => Register(new TriggerWithParameters<TArg0>(trigger));

    /// <summary>Declares two arguments of <paramref name="trigger"/>. Call it once per trigger.</summary>
    /// <typeparam name="TArg0">The type of the first argument.</typeparam>
    /// <typeparam name="TArg1">The type of the second argument.</typeparam>
    /// <param name="trigger">The trigger.</param>
    /// <returns>The trigger with parameters, to fire and configure with.</returns>
    public TriggerWithParameters<TArg0, TArg1> SetTriggerParameters<TArg0, TArg1>(TTrigger trigger)
        => Register(new TriggerWithParameters<TArg0, TArg1>(trigger));

    /// <summary>Declares three arguments of <paramref name="trigger"/>. Call it once per trigger.</summary>
    /// <typeparam name="TArg0">The type of the first argument.</typeparam>
    /// <typeparam name="TArg1">The type of the second argument.</typeparam>
    /// <typeparam name="TArg2">The type of the third argument.</typeparam>
    /// <param name="trigger">The trigger.</param>
    /// <returns>The trigger with parameters, to fire and configure with.</returns>
    public TriggerWithParameters<TArg0, TArg1, TArg2> SetTriggerParameters<TArg0, TArg1, TArg2>(TTrigger trigger)
        => Register(new TriggerWithParameters<TArg0, TArg1, TArg2>(trigger));

    /// <summary>
    /// Tells whether the current state is <paramref name="state"/> or one of its substates.
    /// </summary>
    /// <param name="state">The state to test.</param>
    /// <returns><see langword="true"/> when the machine is in <paramref name="state"/>.</returns>
    public bool IsInState(TState state) => CurrentRepresentation.IsIncludedIn(state);

    /// <summary>
    /// Tells whether <paramref name="trigger"/> can be fired in the current state.
    /// </summary>
    /// <param name="trigger">The trigger.</param>
    /// <returns><see langword="true"/> when a behaviour for the trigger has its guards met.</returns>
    public bool CanFire(TTrigger trigger) => CanFire(trigger, [], out _);

    /// <summary>
    /// Tells whether <paramref name="trigger"/> can be fired in the current state, and if not, which guards failed.
    /// </summary>
    /// <param name="trigger">The trigger.</param>
    /// <param name="unmetGuards">The descriptions of the guards that are not met: empty when the trigger can be
    /// fired, <see langword="null"/> when nothing is configured for it (as in Stateless).</param>
    /// <returns><see langword="true"/> when a behaviour for the trigger has its guards met.</returns>
    public bool CanFire(TTrigger trigger, out ICollection<string>? unmetGuards) => CanFire(trigger, [], out unmetGuards);

    /// <summary>Tells whether <paramref name="trigger"/> can be fired with the given argument.</summary>
    /// <typeparam name="TArg0">The type of the argument.</typeparam>
    /// <param name="trigger">The trigger.</param>
    /// <param name="arg0">The argument.</param>
    /// <returns><see langword="true"/> when a behaviour for the trigger has its guards met.</returns>
    public bool CanFire<TArg0>(TriggerWithParameters<TArg0> trigger, TArg0 arg0)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        return CanFire(trigger.Trigger, Arguments.Pack(arg0), out _);
    }

    /// <summary>Tells whether <paramref name="trigger"/> can be fired with the given argument, and if not, why.</summary>
    /// <typeparam name="TArg0">The type of the argument.</typeparam>
    /// <param name="trigger">The trigger.</param>
    /// <param name="arg0">The argument.</param>
    /// <param name="unmetGuards">The descriptions of the guards that are not met: empty when the trigger can be
    /// fired, <see langword="null"/> when nothing is configured for it (as in Stateless).</param>
    /// <returns><see langword="true"/> when a behaviour for the trigger has its guards met.</returns>
    public bool CanFire<TArg0>(TriggerWithParameters<TArg0> trigger, TArg0 arg0, out ICollection<string>? unmetGuards)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        return CanFire(trigger.Trigger, Arguments.Pack(arg0), out unmetGuards);
    }

    /// <summary>Tells whether <paramref name="trigger"/> can be fired with the given arguments.</summary>
    /// <typeparam name="TArg0">The type of the first argument.</typeparam>
    /// <typeparam name="TArg1">The type of the second argument.</typeparam>
    /// <param name="trigger">The trigger.</param>
    /// <param name="arg0">The first argument.</param>
    /// <param name="arg1">The second argument.</param>
    /// <returns><see langword="true"/> when a behaviour for the trigger has its guards met.</returns>
    public bool CanFire<TArg0, TArg1>(TriggerWithParameters<TArg0, TArg1> trigger, TArg0 arg0, TArg1 arg1)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        return CanFire(trigger.Trigger, Arguments.Pack(arg0, arg1), out _);
    }

    /// <summary>Tells whether <paramref name="trigger"/> can be fired with the given arguments, and if not, why.</summary>
    /// <typeparam name="TArg0">The type of the first argument.</typeparam>
    /// <typeparam name="TArg1">The type of the second argument.</typeparam>
    /// <param name="trigger">The trigger.</param>
    /// <param name="arg0">The first argument.</param>
    /// <param name="arg1">The second argument.</param>
    /// <param name="unmetGuards">The descriptions of the guards that are not met: empty when the trigger can be
    /// fired, <see langword="null"/> when nothing is configured for it (as in Stateless).</param>
    /// <returns><see langword="true"/> when a behaviour for the trigger has its guards met.</returns>
    public bool CanFire<TArg0, TArg1>(TriggerWithParameters<TArg0, TArg1> trigger, TArg0 arg0, TArg1 arg1, out ICollection<string>? unmetGuards)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        return CanFire(trigger.Trigger, Arguments.Pack(arg0, arg1), out unmetGuards);
    }

    /// <summary>Tells whether <paramref name="trigger"/> can be fired with the given arguments.</summary>
    /// <typeparam name="TArg0">The type of the first argument.</typeparam>
    /// <typeparam name="TArg1">The type of the second argument.</typeparam>
    /// <typeparam name="TArg2">The type of the third argument.</typeparam>
    /// <param name="trigger">The trigger.</param>
    /// <param name="arg0">The first argument.</param>
    /// <param name="arg1">The second argument.</param>
    /// <param name="arg2">The third argument.</param>
    /// <returns><see langword="true"/> when a behaviour for the trigger has its guards met.</returns>
    public bool CanFire<TArg0, TArg1, TArg2>(TriggerWithParameters<TArg0, TArg1, TArg2> trigger, TArg0 arg0, TArg1 arg1, TArg2 arg2)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        return CanFire(trigger.Trigger, Arguments.Pack(arg0, arg1, arg2), out _);
    }

    /// <summary>Tells whether <paramref name="trigger"/> can be fired with the given arguments, and if not, why.</summary>
    /// <typeparam name="TArg0">The type of the first argument.</typeparam>
    /// <typeparam name="TArg1">The type of the second argument.</typeparam>
    /// <typeparam name="TArg2">The type of the third argument.</typeparam>
    /// <param name="trigger">The trigger.</param>
    /// <param name="arg0">The first argument.</param>
    /// <param name="arg1">The second argument.</param>
    /// <param name="arg2">The third argument.</param>
    /// <param name="unmetGuards">The descriptions of the guards that are not met: empty when the trigger can be
    /// fired, <see langword="null"/> when nothing is configured for it (as in Stateless).</param>
    /// <returns><see langword="true"/> when a behaviour for the trigger has its guards met.</returns>
    public bool CanFire<TArg0, TArg1, TArg2>(TriggerWithParameters<TArg0, TArg1, TArg2> trigger, TArg0 arg0, TArg1 arg1, TArg2 arg2, out ICollection<string>? unmetGuards)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        return CanFire(trigger.Trigger, Arguments.Pack(arg0, arg1, arg2), out unmetGuards);
    }

    /// <summary>
    /// Gets the triggers that can be fired in the current state, evaluating parameterised
    /// guards with <paramref name="args"/>.
    /// </summary>
    /// <param name="args">Arguments for parameterised guards.</param>
    /// <returns>The triggers, the current state's first, then its superstates', without repeats.</returns>
    public IEnumerable<TTrigger> GetPermittedTriggers(params object[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var result = new List<TTrigger>();
        var seen = new HashSet<TTrigger>();
        for (var level = CurrentRepresentation; level is not null; level = level.Superstate)
        {
            foreach (var (trigger, behaviours) in level.Behaviours)
            {
                // Every level's guards run, even for a trigger already listed, as in Stateless.
                if (behaviours.Any(b => GuardAllows(b, args)) && seen.Add(trigger))
                {
                    result.Add(trigger);
                }
            }
        }

        return result;
    }

    /// <summary>
    /// Gets the triggers that can be fired in the current state with what is known of each:
    /// its declared parameters and whether it is guarded.
    /// </summary>
    /// <param name="args">Arguments for parameterised guards.</param>
    /// <returns>One entry per permitted trigger. Stateless returns a task here (its guards may be
    /// asynchronous), so the kernel does too; with synchronous guards it has already completed.</returns>
    public Task<IEnumerable<TriggerDetails<TState, TTrigger>>> GetDetailedPermittedTriggers(params object[] args)
        => _definition.HasAsyncLookup ? DetailedPermittedTriggersAsync(args) : Task.FromResult(DetailedPermittedTriggers(args));

    /// <summary>
    /// Gets the triggers that can be fired in the current state, evaluating parameterised
    /// guards with <paramref name="args"/>, as a task like Stateless's.
    /// </summary>
    /// <param name="args">Arguments for parameterised guards.</param>
    /// <returns>The triggers, as <see cref="GetPermittedTriggers(object[])"/> returns them.</returns>
    public Task<IEnumerable<TTrigger>> GetPermittedTriggersAsync(params object[] args)
        => _definition.HasAsyncLookup
            ? PermittedTriggersWithAsyncGuards(args)
            : Task.FromResult(GetPermittedTriggers(args));

    private async Task<IEnumerable<TTrigger>> PermittedTriggersWithAsyncGuards(object[] args)
        => (await DetailedPermittedTriggersAsync(args).ConfigureAwait(RetainSynchronizationContext)).Select(d => d.Trigger).ToList();

    /// <summary>
    /// As <c>DetailedPermittedTriggers</c>, awaiting asynchronous guards: used only when the definition has some.
    /// The order is Stateless's: at each level, the triggers allowed by a behaviour with synchronous guards,
    /// then those allowed by one with asynchronous guards, then the superstate's; a trigger allowed both ways
    /// is listed twice only when the current state has no superstate, as Stateless does.
    /// </summary>
    private async Task<IEnumerable<TriggerDetails<TState, TTrigger>>> DetailedPermittedTriggersAsync(object[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var triggers = new List<TTrigger>();
        for (var level = CurrentRepresentation; level is not null; level = level.Superstate)
        {
            foreach (var (trigger, behaviours) in level.Behaviours)
            {
                if (behaviours.Any(b => !b.Guard.HasAsync && GuardAllows(b, args)))
                {
                    triggers.Add(trigger);
                }
            }

            foreach (var (trigger, behaviours) in level.Behaviours)
            {
                foreach (var behaviour in behaviours)
                {
                    // Stops at the first behaviour allowed, as Stateless does.
                    if (behaviour.Guard.HasAsync && await behaviour.Guard.AreMetAsync(args).ConfigureAwait(RetainSynchronizationContext))
                    {
                        triggers.Add(trigger);
                        break;
                    }
                }
            }
        }

        var listed = CurrentRepresentation.Superstate is null ? triggers : triggers.Distinct();
        return listed.Select(Details).ToList();

        TriggerDetails<TState, TTrigger> Details(TTrigger trigger)
        {
            _definition.TriggerParameters.TryGetValue(trigger, out var parameters);
            return new TriggerDetails<TState, TTrigger>(trigger, parameters, HasGuard(trigger));
        }

        bool HasGuard(TTrigger trigger)
        {
            for (var level = CurrentRepresentation; level is not null; level = level.Superstate)
            {
                if (level.Behaviours.TryGetValue(trigger, out var behaviours))
                {
                    return behaviours.Any(b => b.Guard.Conditions.Length != 0);
                }
            }

            return false;
        }
    }

    private IEnumerable<TriggerDetails<TState, TTrigger>> DetailedPermittedTriggers(object[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var result = new List<TriggerDetails<TState, TTrigger>>();
        var seen = new HashSet<TTrigger>();
        for (var level = CurrentRepresentation; level is not null; level = level.Superstate)
        {
            foreach (var (trigger, behaviours) in level.Behaviours)
            {
                if (behaviours.Any(b => GuardAllows(b, args)) && seen.Add(trigger))
                {
                    _definition.TriggerParameters.TryGetValue(trigger, out var parameters);
                    result.Add(new TriggerDetails<TState, TTrigger>(trigger, parameters, behaviours.Any(b => b.Guard.Conditions.Length != 0)));
                }
            }
        }

        return result;
    }

    /// <summary>
    /// Describes the machine's configuration, with the state it was created in as the initial one, for
    /// diagrams (<see cref="Graph.UmlDotGraph"/>, <see cref="Graph.MermaidGraph"/>) and tooling.
    /// </summary>
    /// <returns>The description.</returns>
    public StateMachineInfo GetInfo() => InfoBuilder<TState, TTrigger>.Build(_definition, _initialState);

    /// <summary>Describes the current state and the permitted triggers.</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString()
        => string.Format(
            CultureInfo.InvariantCulture,
            "StateMachine {{ State = {0}, PermittedTriggers = {{ {1} }}}}",
            State,
            string.Join(", ", (_definition.HasAsyncLookup ? SynchronouslyPermittedTriggers() : GetPermittedTriggers()).Select(t => t.ToString())));

    /// <summary>For <see cref="ToString"/>, which must not throw: the triggers permitted by behaviours without asynchronous guards.</summary>
    private List<TTrigger> SynchronouslyPermittedTriggers()
    {
        var result = new List<TTrigger>();
        for (var level = CurrentRepresentation; level is not null; level = level.Superstate)
        {
            foreach (var (trigger, behaviours) in level.Behaviours)
            {
                if (behaviours.Any(b => !b.Guard.HasAsync && GuardAllows(b, [])) && !result.Contains(trigger))
                {
                    result.Add(trigger);
                }
            }
        }

        return result;
    }

    private static bool GuardAllows(TriggerBehaviour<TState, TTrigger> behaviour, object[] args)
        => behaviour.Guard.AreMet(args);

    private bool CanFire(TTrigger trigger, object[] args, out ICollection<string>? unmetGuards)
    {
        List<string>? unmet = null;
        var handler = FindHandler(CurrentRepresentation, trigger, args, ref unmet);
        unmetGuards = handler is null ? unmet : [];
        return handler is not null;
    }

    private TWithParameters Register<TWithParameters>(TWithParameters configuration)
        where TWithParameters : TriggerWithParameters
    {
        _definition.AddTriggerParameters(configuration);
        return configuration;
    }

    private void NoteAsyncRegistration()
    {
        if (!_definition.IsFrozen)
        {
            _definition.NoteAsync();
        }
    }

    private readonly record struct QueuedTrigger(TTrigger Trigger, object[] Args);
}
