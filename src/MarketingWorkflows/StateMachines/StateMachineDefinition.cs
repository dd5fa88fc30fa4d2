using System;
using System.Collections.Generic;
using System.Globalization;
using MarketingWorkflows.StateMachines.Internal;
using MarketingWorkflows.StateMachines.Reflection;

namespace MarketingWorkflows.StateMachines;

/// <summary>
/// A state machine's configuration, compiled once and frozen: states, triggers, guards,
/// actions and listeners. Create machines over it for each stored instance with
/// <see cref="CreateMachine(TState, FiringMode)"/> or
/// <see cref="CreateMachine(Func{TState}, Action{TState}, FiringMode)"/>; nothing is configured again.
/// </summary>
/// <typeparam name="TState">The type of the states.</typeparam>
/// <typeparam name="TTrigger">The type of the triggers.</typeparam>
/// <remarks>
/// <para>
/// Thread safety: a frozen definition is immutable and safe to share across threads; any
/// number of machines may be created over it and fired at once. Each machine is for one
/// caller at a time.
/// </para>
/// <para>
/// Obtain a definition with <see cref="StateMachine{TState, TTrigger}.Freeze"/> after configuring a
/// machine, or with <see cref="Create(Action{StateMachine{TState, TTrigger}})"/>.
/// </para>
/// </remarks>
public sealed class StateMachineDefinition<TState, TTrigger>
    where TState : notnull
    where TTrigger : notnull
{
    private readonly Dictionary<TState, StateRepresentation<TState, TTrigger>> _states = [];
    private readonly List<StateRepresentation<TState, TTrigger>> _configurationOrder = [];
    private readonly HashSet<StateRepresentation<TState, TTrigger>> _configured = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<TTrigger, StateMachine<TState, TTrigger>.TriggerWithParameters> _triggerParameters = [];

    internal StateMachineDefinition()
    {
    }

    /// <summary>Gets a value indicating whether the definition is frozen. Public definitions always are.</summary>
    internal bool IsFrozen { get; private set; }

    /// <summary>Gets a value indicating whether any action or listener is asynchronous.</summary>
    internal bool HasAsync { get; private set; }

    internal MachineHooks<TState, TTrigger> Hooks { get; } = new();

    internal IReadOnlyDictionary<TState, StateRepresentation<TState, TTrigger>> States => _states;

    /// <summary>The configured states, in the order Stateless's configuration holds them: first configured, entered or made a superstate.</summary>
    internal IReadOnlyList<StateRepresentation<TState, TTrigger>> ConfigurationOrder => _configurationOrder;

    internal IReadOnlyDictionary<TTrigger, StateMachine<TState, TTrigger>.TriggerWithParameters> TriggerParameters => _triggerParameters;

    /// <summary>
    /// Configures a new definition and freezes it.
    /// </summary>
    /// <param name="configure">Configures the machine, exactly as for a <see cref="StateMachine{TState, TTrigger}"/>.
    /// The machine passed in has no meaningful current state: configure, do not fire.</param>
    /// <returns>The frozen definition.</returns>
    /// <example>
    /// <code>
    /// var definition = StateMachineDefinition&lt;State, Trigger&gt;.Create(m =&gt;
    /// {
    ///     m.Configure(State.Draft).Permit(Trigger.Submit, State.InReview);
    ///     m.Configure(State.InReview).Permit(Trigger.Approve, State.Approved);
    /// });
    /// var machine = definition.CreateMachine(() =&gt; row.State, s =&gt; row.State = s);
    /// </code>
    /// </example>
    public static StateMachineDefinition<TState, TTrigger> Create(Action<StateMachine<TState, TTrigger>> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var machine = new StateMachine<TState, TTrigger>(default(TState)!);
        configure(machine);
        return machine.Freeze();
    }

    /// <summary>
    /// Creates a machine over this definition that keeps its own state, starting in <paramref name="initialState"/>.
    /// </summary>
    /// <param name="initialState">The current state of the instance.</param>
    /// <param name="firingMode">How triggers fired from inside actions are handled.</param>
    /// <returns>A machine; creating it allocates only the machine itself.</returns>
    public StateMachine<TState, TTrigger> CreateMachine(TState initialState, FiringMode firingMode = FiringMode.Queued)
        => new(this, initialState, null, null, firingMode);

    /// <summary>
    /// Creates a machine over this definition whose state lives outside it, read and written
    /// through <paramref name="stateAccessor"/> and <paramref name="stateMutator"/>.
    /// </summary>
    /// <param name="stateAccessor">Reads the current state.</param>
    /// <param name="stateMutator">Writes a new state.</param>
    /// <param name="firingMode">How triggers fired from inside actions are handled.</param>
    /// <returns>A machine; creating it allocates only the machine itself.</returns>
    public StateMachine<TState, TTrigger> CreateMachine(Func<TState> stateAccessor, Action<TState> stateMutator, FiringMode firingMode = FiringMode.Queued)
    {
        ArgumentNullException.ThrowIfNull(stateAccessor);
        ArgumentNullException.ThrowIfNull(stateMutator);
        return new(this, default!, stateAccessor, stateMutator, firingMode);
    }

    /// <summary>
    /// Describes the definition for diagrams and tooling, as seen from <paramref name="initialState"/>.
    /// </summary>
    /// <param name="initialState">The state to show as the initial one.</param>
    /// <returns>The description.</returns>
    public StateMachineInfo GetInfo(TState initialState) => InfoBuilder<TState, TTrigger>.Build(this, initialState);

    internal StateRepresentation<TState, TTrigger> GetRepresentation(TState state)
    {
        if (_states.TryGetValue(state, out var representation))
        {
            return representation;
        }

        // A state that was never configured has no behaviour. A frozen definition must not
        // change, so such a state gets a throw-away representation instead of being added.
        return IsFrozen ? new StateRepresentation<TState, TTrigger>(state) : GetOrAddRepresentation(state);
    }

    /// <summary>
    /// Gets a state's representation without adding a state that was never configured (it gets a
    /// throw-away one): a transition adds its destination only once it enters it, as Stateless
    /// does, so one that fails while leaving its source leaves the definition as it was.
    /// </summary>
    internal StateRepresentation<TState, TTrigger> PeekRepresentation(TState state)
        => _states.TryGetValue(state, out var representation) ? representation : new StateRepresentation<TState, TTrigger>(state);

    internal StateRepresentation<TState, TTrigger> GetOrAddRepresentation(TState state)
    {
        var representation = NameDestination(state);
        if (_configured.Add(representation))
        {
            _configurationOrder.Add(representation);
        }

        return representation;
    }

    /// <summary>
    /// Adds a state named only as a transition's destination. It is not configured: Stateless
    /// lists such states after the configured ones, so <see cref="ConfigurationOrder"/> takes
    /// it in only when it is configured, entered or made a superstate.
    /// </summary>
    internal StateRepresentation<TState, TTrigger> NameDestination(TState state)
    {
        ThrowIfFrozen();
        if (!_states.TryGetValue(state, out var representation))
        {
            representation = new StateRepresentation<TState, TTrigger>(state);
            _states.Add(state, representation);
        }

        return representation;
    }

    internal void AddTriggerParameters(StateMachine<TState, TTrigger>.TriggerWithParameters configuration)
    {
        ThrowIfFrozen();
        if (!_triggerParameters.TryAdd(configuration.Trigger, configuration))
        {
            throw new InvalidOperationException(string.Format(
                CultureInfo.InvariantCulture,
                "Parameters for trigger '{0}' have already been configured; SetTriggerParameters may be called once per trigger.",
                configuration.Trigger));
        }
    }

    internal void ValidateParameters(TTrigger trigger, object[] args)
    {
        if (_triggerParameters.Count != 0 && _triggerParameters.TryGetValue(trigger, out var configuration))
        {
            configuration.ValidateParameters(args);
        }
    }

    internal void NoteAsync() => HasAsync = true;

    /// <summary>Gets a value indicating whether a guard or destination selector is asynchronous, so that <c>FireAsync</c> must await the handler lookup.</summary>
    internal bool HasAsyncLookup { get; private set; }

    internal void NoteAsyncLookup()
    {
        HasAsyncLookup = true;
    }

    internal void ThrowIfFrozen()
    {
        if (IsFrozen)
        {
            throw new InvalidOperationException(
                "This state machine's configuration is frozen into a shared StateMachineDefinition and cannot change. "
                + "Configure a new StateMachine and call Freeze() to make a different definition.");
        }
    }

    /// <summary>
    /// Checks that every initial transition targets a direct substate, then freezes.
    /// </summary>
    internal void Freeze()
    {
        if (IsFrozen)
        {
            return;
        }

        foreach (var representation in _states.Values)
        {
            ValidateInitialTransition(representation);
            HasAsync |= representation.HasAsyncActions;
        }

        HasAsync |= Hooks.HasAsyncListener || Hooks.UnhandledAsync is not null;
        IsFrozen = true;
    }

    /// <summary>
    /// Checks the chain of initial transitions that entering <paramref name="representation"/>
    /// will follow, so that a bad one fails before the machine moves.
    /// </summary>
    internal void ValidateInitialChain(StateRepresentation<TState, TTrigger> representation)
    {
        for (var node = representation; node.HasInitialTransition; node = GetRepresentation(node.InitialTransitionTarget))
        {
            ValidateInitialTransition(node);
        }
    }

    private void ValidateInitialTransition(StateRepresentation<TState, TTrigger> representation)
    {
        if (!representation.HasInitialTransition)
        {
            return;
        }

        if (!_states.TryGetValue(representation.InitialTransitionTarget, out var target) || !ReferenceEquals(target.Superstate, representation))
        {
            throw new InvalidOperationException(string.Format(
                CultureInfo.InvariantCulture,
                "The initial transition of state '{0}' targets '{1}', which is not a substate of '{0}'. Configure '{1}' with SubstateOf({0}).",
                representation.State,
                representation.InitialTransitionTarget));
        }
    }
}
