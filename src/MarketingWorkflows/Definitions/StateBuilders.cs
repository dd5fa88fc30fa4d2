using System;
using System.Collections.Generic;
using System.Linq;

namespace MarketingWorkflows.Definitions;

/// <summary>Configures a trigger.</summary>
public sealed class TriggerBuilder
{
    private readonly string _name;
    private readonly List<FieldDefinition> _arguments = [];
    private string? _title;
    private IReadOnlyList<string> _roles = [];
    private bool _commentRequired;
    private bool _setsData;
    private bool _submitterOnly;

    internal TriggerBuilder(string name)
    {
        _name = name;
    }

    /// <summary>Sets the human title.</summary>
    /// <param name="title">The title.</param>
    /// <returns>This builder.</returns>
    public TriggerBuilder Title(string title)
    {
        _title = title;
        return this;
    }

    /// <summary>Restricts the trigger to actors holding one of these roles.</summary>
    /// <param name="roles">The roles.</param>
    /// <returns>This builder.</returns>
    public TriggerBuilder Roles(params string[] roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        _roles = [.. roles];
        return this;
    }

    /// <summary>Lets only the actor who submitted the instance for approval, or a delegate acting for them, fire the trigger (a withdrawal).</summary>
    /// <returns>This builder.</returns>
    public TriggerBuilder SubmitterOnly()
    {
        _submitterOnly = true;
        return this;
    }

    /// <summary>Requires a comment when the trigger is fired.</summary>
    /// <param name="required">Whether a comment is required.</param>
    /// <returns>This builder.</returns>
    public TriggerBuilder CommentRequired(bool required = true)
    {
        _commentRequired = required;
        return this;
    }

    /// <summary>Adds typed arguments, readable in guards as <c>args.name</c>.</summary>
    /// <param name="configure">Adds the arguments.</param>
    /// <returns>This builder.</returns>
    public TriggerBuilder Arguments(Action<FieldListBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        configure(new FieldListBuilder(_arguments));
        return this;
    }

    /// <summary>Writes the trigger's arguments into the data fields of the same name when it fires (a new content version, the actual spend).</summary>
    /// <returns>This builder.</returns>
    public TriggerBuilder SetsData()
    {
        _setsData = true;
        return this;
    }

    internal TriggerDefinition Build() => new(_name)
    {
        Title = _title,
        Roles = _roles,
        SubmitterOnly = _submitterOnly,
        CommentRequired = _commentRequired,
        SetsData = _setsData,
        Arguments = [.. _arguments],
    };
}

/// <summary>Configures a state: hierarchy, deadline, approval stage and transitions.</summary>
public sealed class StateBuilder
{
    private readonly string _name;
    private readonly List<TransitionDefinition> _transitions = [];
    private string? _title;
    private string? _parent;
    private bool _initial;
    private string? _initialChild;
    private bool _terminal;
    private bool _firstMatchWins;
    private DeadlineDefinition? _deadline;
    private ApprovalStageDefinition? _approval;
    private bool _dataLocked;
    private string? _onChecklistComplete;
    private readonly List<(string Trigger, LinkRequirement Requirement)> _linkRequirements = [];
    private readonly HashSet<string> _checklistRequirements = new(StringComparer.Ordinal);

    internal StateBuilder(string name)
    {
        _name = name;
    }

    /// <summary>Sets the human title.</summary>
    /// <param name="title">The title.</param>
    /// <returns>This builder.</returns>
    public StateBuilder Title(string title)
    {
        _title = title;
        return this;
    }

    /// <summary>Makes this state a substate of <paramref name="parent"/>: the parent's transitions apply here too.</summary>
    /// <param name="parent">The parent state's name.</param>
    /// <returns>This builder.</returns>
    public StateBuilder SubstateOf(string parent)
    {
        _parent = parent;
        return this;
    }

    /// <summary>Makes this state a substate of an enum-named <paramref name="parent"/>.</summary>
    /// <typeparam name="TState">The enum of states.</typeparam>
    /// <param name="parent">The parent state.</param>
    /// <returns>This builder.</returns>
    public StateBuilder SubstateOf<TState>(TState parent)
        where TState : struct, Enum
        => SubstateOf(parent.ToString());

    /// <summary>Marks this state as the one a new instance starts in.</summary>
    /// <returns>This builder.</returns>
    public StateBuilder Initial()
    {
        _initial = true;
        return this;
    }

    /// <summary>Sets the child entered when this state is entered directly.</summary>
    /// <param name="child">The child state's name.</param>
    /// <returns>This builder.</returns>
    public StateBuilder InitialChild(string child)
    {
        _initialChild = child;
        return this;
    }

    /// <summary>Sets the enum-named child entered when this state is entered directly.</summary>
    /// <typeparam name="TState">The enum of states.</typeparam>
    /// <param name="child">The child state.</param>
    /// <returns>This builder.</returns>
    public StateBuilder InitialChild<TState>(TState child)
        where TState : struct, Enum
        => InitialChild(child.ToString());

    /// <summary>Marks the state as terminal: the process ends here.</summary>
    /// <returns>This builder.</returns>
    public StateBuilder Terminal()
    {
        _terminal = true;
        return this;
    }

    /// <summary>For each trigger, takes the first transition (in order) whose guard holds, instead of treating two open guards as an error.</summary>
    /// <returns>This builder.</returns>
    public StateBuilder FirstMatchWins()
    {
        _firstMatchWins = true;
        return this;
    }

    /// <summary>Sets a deadline in business days.</summary>
    /// <param name="businessDays">How many working days, 1 or more.</param>
    /// <param name="configure">Adds reminders and a timeout outcome, or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public StateBuilder DeadlineInBusinessDays(int businessDays, Action<DeadlineBuilder>? configure = null)
    {
        var builder = new DeadlineBuilder();
        configure?.Invoke(builder);
        _deadline = builder.Build(businessDays, null, null);
        return this;
    }

    /// <summary>Sets a deadline as a duration.</summary>
    /// <param name="duration">How long, more than zero.</param>
    /// <param name="configure">Adds reminders and a timeout outcome, or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public StateBuilder Deadline(TimeSpan duration, Action<DeadlineBuilder>? configure = null)
    {
        var builder = new DeadlineBuilder();
        configure?.Invoke(builder);
        _deadline = builder.Build(null, duration, null);
        return this;
    }

    /// <summary>Sets a deadline given by an expression over the data, such as <c>launchAt</c>.</summary>
    /// <param name="expression">An expression giving a date or datetime.</param>
    /// <param name="configure">Adds reminders and a timeout outcome, or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public StateBuilder DeadlineAt(string expression, Action<DeadlineBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var builder = new DeadlineBuilder();
        configure?.Invoke(builder);
        _deadline = builder.Build(null, null, expression);
        return this;
    }

    /// <summary>Locks the data in this state: it changes only through a trigger that sets data.</summary>
    /// <returns>This builder.</returns>
    public StateBuilder DataLocked()
    {
        _dataLocked = true;
        return this;
    }

    /// <summary>Moves to <paramref name="state"/> as soon as every required checklist item is done or waived; checklist items can be changed only in such a state.</summary>
    /// <param name="state">The state's name.</param>
    /// <returns>This builder.</returns>
    public StateBuilder OnChecklistComplete(string state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _onChecklistComplete = state;
        return this;
    }

    /// <summary>Allows this state's transitions on <paramref name="trigger"/> only when linked instances of <paramref name="process"/> are in one of <paramref name="states"/>.</summary>
    /// <param name="trigger">The trigger's name.</param>
    /// <param name="process">The linked process, such as <c>content-review</c>.</param>
    /// <param name="atLeastOne">Whether at least one such linked instance must exist.</param>
    /// <param name="states">The states that satisfy the requirement.</param>
    /// <returns>This builder.</returns>
    public StateBuilder RequireLinked(string trigger, string process, bool atLeastOne, params string[] states)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(states);
        _linkRequirements.Add((trigger, new LinkRequirement(process, [.. states], atLeastOne)));
        return this;
    }

    /// <summary>Allows this state's transitions on <paramref name="trigger"/> only when every required checklist item is done or waived.</summary>
    /// <param name="trigger">The trigger's name.</param>
    /// <returns>This builder.</returns>
    public StateBuilder RequireChecklistComplete(string trigger)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        _checklistRequirements.Add(trigger);
        return this;
    }

    /// <summary>Makes the state an approval stage.</summary>
    /// <param name="configure">Configures the stage.</param>
    /// <returns>This builder.</returns>
    public StateBuilder Approval(Action<ApprovalStageBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = new ApprovalStageBuilder();
        configure(builder);
        _approval = builder.Build();
        return this;
    }

    /// <summary>Moves to <paramref name="to"/> when <paramref name="trigger"/> fires.</summary>
    /// <param name="trigger">The trigger's name.</param>
    /// <param name="to">The destination state's name.</param>
    /// <returns>This builder.</returns>
    public StateBuilder Permit(string trigger, string to) => Add(trigger, TransitionKind.External, to, null, null);

    /// <summary>Moves to <paramref name="to"/> when <paramref name="trigger"/> fires.</summary>
    /// <typeparam name="TTrigger">The enum of triggers.</typeparam>
    /// <typeparam name="TState">The enum of states.</typeparam>
    /// <param name="trigger">The trigger.</param>
    /// <param name="to">The destination state.</param>
    /// <returns>This builder.</returns>
    public StateBuilder Permit<TTrigger, TState>(TTrigger trigger, TState to)
        where TTrigger : struct, Enum
        where TState : struct, Enum
        => Permit(trigger.ToString(), to.ToString());

    /// <summary>Moves to <paramref name="to"/> when <paramref name="trigger"/> fires and <paramref name="guard"/> holds.</summary>
    /// <param name="trigger">The trigger's name.</param>
    /// <param name="to">The destination state's name.</param>
    /// <param name="guard">The guard expression, such as <c>budget.amount &gt;= 10000</c>.</param>
    /// <param name="description">The guard in plain words, shown when it blocks; defaults to the expression.</param>
    /// <returns>This builder.</returns>
    public StateBuilder PermitIf(string trigger, string to, string guard, string? description = null)
        => Add(trigger, TransitionKind.External, to, guard, description);

    /// <summary>Moves to <paramref name="to"/> when <paramref name="trigger"/> fires and <paramref name="guard"/> holds.</summary>
    /// <typeparam name="TTrigger">The enum of triggers.</typeparam>
    /// <typeparam name="TState">The enum of states.</typeparam>
    /// <param name="trigger">The trigger.</param>
    /// <param name="to">The destination state.</param>
    /// <param name="guard">The guard expression.</param>
    /// <param name="description">The guard in plain words; defaults to the expression.</param>
    /// <returns>This builder.</returns>
    public StateBuilder PermitIf<TTrigger, TState>(TTrigger trigger, TState to, string guard, string? description = null)
        where TTrigger : struct, Enum
        where TState : struct, Enum
        => PermitIf(trigger.ToString(), to.ToString(), guard, description);

    /// <summary>Leaves and re-enters this state when <paramref name="trigger"/> fires (and <paramref name="guard"/> holds, if given).</summary>
    /// <param name="trigger">The trigger's name.</param>
    /// <param name="guard">The guard expression, or <see langword="null"/>.</param>
    /// <param name="description">The guard in plain words, or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public StateBuilder PermitReentry(string trigger, string? guard = null, string? description = null)
        => Add(trigger, TransitionKind.Reentry, null, guard, description);

    /// <summary>Records <paramref name="trigger"/> without leaving the state (and only if <paramref name="guard"/> holds, if given).</summary>
    /// <param name="trigger">The trigger's name.</param>
    /// <param name="guard">The guard expression, or <see langword="null"/>.</param>
    /// <param name="description">The guard in plain words, or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public StateBuilder InternalTransition(string trigger, string? guard = null, string? description = null)
        => Add(trigger, TransitionKind.Internal, null, guard, description);

    /// <summary>Records an enum-named <paramref name="trigger"/> without leaving the state.</summary>
    /// <typeparam name="TTrigger">The enum of triggers.</typeparam>
    /// <param name="trigger">The trigger.</param>
    /// <param name="guard">The guard expression, or <see langword="null"/>.</param>
    /// <param name="description">The guard in plain words, or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public StateBuilder InternalTransition<TTrigger>(TTrigger trigger, string? guard = null, string? description = null)
        where TTrigger : struct, Enum
        => InternalTransition(trigger.ToString(), guard, description);

    private StateBuilder Add(string trigger, TransitionKind kind, string? to, string? guard, string? description)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        _transitions.Add(new TransitionDefinition(trigger, kind, to) { Guard = guard, GuardDescription = description });
        return this;
    }

    internal StateDefinition Build() => new(_name)
    {
        Title = _title,
        Parent = _parent,
        Initial = _initial,
        InitialChild = _initialChild,
        Terminal = _terminal,
        FirstMatchWins = _firstMatchWins,
        Deadline = _deadline,
        Approval = _approval,
        DataLocked = _dataLocked,
        OnChecklistComplete = _onChecklistComplete,
        Transitions = [.. _transitions.Select(t => new TransitionDefinition(t.Trigger, t.Kind, t.To)
        {
            Guard = t.Guard,
            GuardDescription = t.GuardDescription,
            RequiresLinked = [.. _linkRequirements.Where(r => r.Trigger == t.Trigger).Select(r => r.Requirement)],
            RequiresChecklistComplete = _checklistRequirements.Contains(t.Trigger),
        })],
    };
}

/// <summary>Adds reminders and a timeout outcome to a deadline.</summary>
public sealed class DeadlineBuilder
{
    private readonly List<TimeSpan> _reminders = [];
    private string? _onTimeout;

    internal DeadlineBuilder()
    {
    }

    /// <summary>Reminds the people the state waits on some time before the deadline.</summary>
    /// <param name="before">How long before the deadline.</param>
    /// <returns>This builder.</returns>
    public DeadlineBuilder RemindBefore(TimeSpan before)
    {
        _reminders.Add(-before);
        return this;
    }

    /// <summary>Reminds them when the deadline passes.</summary>
    /// <returns>This builder.</returns>
    public DeadlineBuilder RemindAt()
    {
        _reminders.Add(TimeSpan.Zero);
        return this;
    }

    /// <summary>Reminds them some time after the deadline.</summary>
    /// <param name="after">How long after the deadline.</param>
    /// <returns>This builder.</returns>
    public DeadlineBuilder RemindAfter(TimeSpan after)
    {
        _reminders.Add(after);
        return this;
    }

    /// <summary>Fires a trigger when the deadline passes: escalate, auto-reject, auto-approve.</summary>
    /// <param name="trigger">The trigger's name.</param>
    /// <returns>This builder.</returns>
    public DeadlineBuilder OnTimeout(string trigger)
    {
        _onTimeout = trigger;
        return this;
    }

    internal DeadlineDefinition Build(int? businessDays, TimeSpan? duration, string? at) => new()
    {
        BusinessDays = businessDays,
        Duration = duration,
        At = at,
        Reminders = [.. _reminders],
        OnTimeout = _onTimeout,
    };
}

/// <summary>Configures an approval stage.</summary>
public sealed class ApprovalStageBuilder
{
    private readonly List<ApproverDefinition> _approvers = [];
    private string? _when;
    private string? _fallbackRole;
    private ApprovalRule _approveRule = ApprovalRule.Any;
    private ApprovalRule _rejectRule = ApprovalRule.Any;
    private SelfApprovalMode _selfApproval = SelfApprovalMode.Forbid;
    private IReadOnlyList<string> _selfApprovalRoles = [];
    private DecisionSet _decisions = DecisionSet.Approval;
    private string _onApproved = string.Empty;
    private string? _onRejected;
    private string? _onChangesRequested;
    private int? _maxRounds;
    private string? _onMaxRounds;
    private string _approveTrigger = "Approve";
    private string _rejectTrigger = "Reject";
    private string _requestChangesTrigger = "RequestChanges";
    private string _reviewTrigger = "Review";

    internal ApprovalStageBuilder()
    {
    }

    /// <summary>Applies the stage only when a condition holds; otherwise it is skipped.</summary>
    /// <param name="condition">The condition, such as <c>budget.amount &gt;= 10000</c>.</param>
    /// <returns>This builder.</returns>
    public ApprovalStageBuilder When(string condition)
    {
        _when = condition;
        return this;
    }

    /// <summary>Adds a named user as an approver.</summary>
    /// <param name="userId">The user's id.</param>
    /// <returns>This builder.</returns>
    public ApprovalStageBuilder User(string userId) => Approver(ApproverKind.User, userId);

    /// <summary>Adds everyone holding a role as approvers.</summary>
    /// <param name="role">The role.</param>
    /// <returns>This builder.</returns>
    public ApprovalStageBuilder Role(string role) => Approver(ApproverKind.Role, role);

    /// <summary>Adds the user found in the data at a path, such as <c>owner.manager</c>.</summary>
    /// <param name="path">The data path.</param>
    /// <returns>This builder.</returns>
    public ApprovalStageBuilder Relative(string path) => Approver(ApproverKind.Relative, path);

    /// <summary>Sets the role that decides when no approver resolves to anyone.</summary>
    /// <param name="role">The role.</param>
    /// <returns>This builder.</returns>
    public ApprovalStageBuilder FallbackRole(string role)
    {
        _fallbackRole = role;
        return this;
    }

    /// <summary>Sets the rule that approves the stage (default: any).</summary>
    /// <param name="rule">The rule.</param>
    /// <returns>This builder.</returns>
    public ApprovalStageBuilder ApproveWhen(ApprovalRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        _approveRule = rule;
        return this;
    }

    /// <summary>Sets the rule that rejects the stage (default: any single rejection).</summary>
    /// <param name="rule">The rule.</param>
    /// <returns>This builder.</returns>
    public ApprovalStageBuilder RejectWhen(ApprovalRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        _rejectRule = rule;
        return this;
    }

    /// <summary>Sets the self-approval policy (default: forbid).</summary>
    /// <param name="mode">The policy.</param>
    /// <param name="roles">For <see cref="SelfApprovalMode.AllowForRoles"/>, the roles allowed.</param>
    /// <returns>This builder.</returns>
    public ApprovalStageBuilder SelfApproval(SelfApprovalMode mode, params string[] roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        _selfApproval = mode;
        _selfApprovalRoles = [.. roles];
        return this;
    }

    /// <summary>Sets the decision set (default: approval).</summary>
    /// <param name="decisions">The decision set.</param>
    /// <returns>This builder.</returns>
    public ApprovalStageBuilder Decisions(DecisionSet decisions)
    {
        _decisions = decisions;
        return this;
    }

    /// <summary>Sets where the process goes when the stage is approved (or skipped).</summary>
    /// <param name="state">The state's name.</param>
    /// <returns>This builder.</returns>
    public ApprovalStageBuilder OnApproved(string state)
    {
        _onApproved = state;
        return this;
    }

    /// <summary>Sets where the process goes when the stage is rejected.</summary>
    /// <param name="state">The state's name.</param>
    /// <returns>This builder.</returns>
    public ApprovalStageBuilder OnRejected(string state)
    {
        _onRejected = state;
        return this;
    }

    /// <summary>Sets where the process goes when changes are requested.</summary>
    /// <param name="state">The state's name.</param>
    /// <returns>This builder.</returns>
    public ApprovalStageBuilder OnChangesRequested(string state)
    {
        _onChangesRequested = state;
        return this;
    }

    /// <summary>Limits the rounds: a request for changes in round <paramref name="rounds"/> or later goes to <paramref name="state"/> instead of the changes-requested state.</summary>
    /// <param name="rounds">How many rounds, 1 or more.</param>
    /// <param name="state">Where the process goes then, such as a stage in which someone decides whether review goes on.</param>
    /// <returns>This builder.</returns>
    public ApprovalStageBuilder MaxRounds(int rounds, string state)
    {
        _maxRounds = rounds;
        _onMaxRounds = state;
        return this;
    }

    /// <summary>Names the triggers that record decisions in this stage, such as <c>Go</c> and <c>NoGo</c>; a <see langword="null"/> keeps the default.</summary>
    /// <param name="approve">Records an approval. Default: <c>Approve</c>.</param>
    /// <param name="reject">Records a rejection. Default: <c>Reject</c>.</param>
    /// <param name="requestChanges">Records a request for changes. Default: <c>RequestChanges</c>.</param>
    /// <param name="review">Records a review decision in a review stage. Default: <c>Review</c>.</param>
    /// <returns>This builder.</returns>
    public ApprovalStageBuilder DecisionTriggers(string? approve = null, string? reject = null, string? requestChanges = null, string? review = null)
    {
        _approveTrigger = approve ?? _approveTrigger;
        _rejectTrigger = reject ?? _rejectTrigger;
        _requestChangesTrigger = requestChanges ?? _requestChangesTrigger;
        _reviewTrigger = review ?? _reviewTrigger;
        return this;
    }

    private ApprovalStageBuilder Approver(ApproverKind kind, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _approvers.Add(new ApproverDefinition(kind, value));
        return this;
    }

    internal ApprovalStageDefinition Build() => new()
    {
        When = _when,
        Approvers = [.. _approvers],
        FallbackRole = _fallbackRole,
        ApproveRule = _approveRule,
        RejectRule = _rejectRule,
        SelfApproval = _selfApproval,
        SelfApprovalRoles = _selfApprovalRoles,
        Decisions = _decisions,
        OnApproved = _onApproved,
        OnRejected = _onRejected,
        OnChangesRequested = _onChangesRequested,
        MaxRounds = _maxRounds,
        OnMaxRounds = _onMaxRounds,
        ApproveTrigger = _approveTrigger,
        RejectTrigger = _rejectTrigger,
        RequestChangesTrigger = _requestChangesTrigger,
        ReviewTrigger = _reviewTrigger,
    };
}

/// <summary>Configures a checklist item.</summary>
public sealed class ChecklistItemBuilder
{
    private readonly string _id;
    private string? _title;
    private string? _ownerRole;
    private bool _required = true;
    private string? _due;
    private IReadOnlyList<string> _dependsOn = [];
    private IReadOnlyList<string> _waivableBy = [];

    internal ChecklistItemBuilder(string id)
    {
        _id = id;
    }

    /// <summary>Sets the human title.</summary>
    /// <param name="title">The title.</param>
    /// <returns>This builder.</returns>
    public ChecklistItemBuilder Title(string title)
    {
        _title = title;
        return this;
    }

    /// <summary>Sets the role that owns the item.</summary>
    /// <param name="role">The role.</param>
    /// <returns>This builder.</returns>
    public ChecklistItemBuilder Owner(string role)
    {
        _ownerRole = role;
        return this;
    }

    /// <summary>Makes the item optional: it does not hold the gate.</summary>
    /// <returns>This builder.</returns>
    public ChecklistItemBuilder Optional()
    {
        _required = false;
        return this;
    }

    /// <summary>Sets when the item is due, relative to the data, such as <c>launchAt - 3d</c>.</summary>
    /// <param name="expression">A date or date-time expression.</param>
    /// <returns>This builder.</returns>
    public ChecklistItemBuilder Due(string expression)
    {
        _due = expression;
        return this;
    }

    /// <summary>Sets the items that must be done first.</summary>
    /// <param name="itemIds">Their ids.</param>
    /// <returns>This builder.</returns>
    public ChecklistItemBuilder DependsOn(params string[] itemIds)
    {
        ArgumentNullException.ThrowIfNull(itemIds);
        _dependsOn = [.. itemIds];
        return this;
    }

    /// <summary>Allows these roles to waive the item, with a reason.</summary>
    /// <param name="roles">The roles.</param>
    /// <returns>This builder.</returns>
    public ChecklistItemBuilder WaivableBy(params string[] roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        _waivableBy = [.. roles];
        return this;
    }

    internal ChecklistItemDefinition Build() => new(_id)
    {
        Title = _title,
        OwnerRole = _ownerRole,
        Required = _required,
        Due = _due,
        DependsOn = _dependsOn,
        WaivableBy = _waivableBy,
    };
}
