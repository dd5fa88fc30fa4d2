using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine.Decisions;
using MarketingWorkflows.Engine.Internal;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketingWorkflows.Engine;

/// <summary>
/// The process engine over an <see cref="IProcessStore"/>. Commands on one instance are
/// serialised in this process and guarded by the store's version check across processes;
/// commands on different instances run in parallel. Register it with
/// <c>services.AddMarketingWorkflows()</c>, or create it directly.
/// </summary>
public sealed partial class ProcessEngine : IProcessEngine, IDisposable
{
    private readonly IProcessDefinitionRegistry _definitions;
    private readonly IProcessStore _store;
    private readonly IInstanceCopies? _copies;
    private readonly MarketingWorkflowsOptions _options;
    private readonly TimeProvider _time;
    private readonly IUserDirectory? _users;
    private readonly ILogger _logger;
    private readonly EngineTelemetry _telemetry;
    private readonly InstanceLocks _locks = new();
    private readonly DecisionRules _rules;
    private readonly HistoryKeyRing _historyKeys;
    private int _timerWorkerRuns;
    private long _earliestUnwatchedTimer = long.MaxValue;
    private int _warnedNoTimerWorker;

    /// <summary>Initializes the engine.</summary>
    /// <param name="definitions">The process definitions.</param>
    /// <param name="store">Where instances live.</param>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    /// <param name="timeProvider">The clock, or <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="users">Resolves managers for relative approvers, or <see langword="null"/>.</param>
    /// <param name="logger">The logger, or <see langword="null"/>.</param>
    /// <param name="meterFactory">Creates the <c>MarketingWorkflows</c> meter, or <see langword="null"/> for a meter of its own.</param>
    /// <param name="copies">The store's copies of the instances it last committed, when it offers them (see <see cref="IInstanceCopies"/>), or <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are not valid.</exception>
    public ProcessEngine(
        IProcessDefinitionRegistry definitions,
        IProcessStore store,
        MarketingWorkflowsOptions? options = null,
        TimeProvider? timeProvider = null,
        IUserDirectory? users = null,
        ILogger<ProcessEngine>? logger = null,
        IMeterFactory? meterFactory = null,
        IInstanceCopies? copies = null)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        ArgumentNullException.ThrowIfNull(store);
        _options = options ?? new MarketingWorkflowsOptions();
        _options.ThrowIfInvalid();
        _definitions = definitions;
        _store = store;
        _copies = copies;
        _time = timeProvider ?? TimeProvider.System;
        _users = users;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _telemetry = new EngineTelemetry(meterFactory);
        _rules = new DecisionRules(definitions, _options);
        _historyKeys = _rules.HistoryKeys;
    }

    /// <inheritdoc />
    public async Task<ProcessInstance> StartAsync(string processId, JsonElement data, Actor actor, int? version = null, IReadOnlyList<InstanceLink>? links = null, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(processId);
        ArgumentNullException.ThrowIfNull(actor);
        var started = _telemetry.Start();
        using var activity = EngineTelemetry.Source.StartActivity("start " + processId);
        activity?.SetTag("marketingworkflows.process", processId);
        try
        {
            var idempotency = idempotencyKey is null ? null : new IdempotencyRecord(actor.UserId, idempotencyKey, RequestFingerprint.OfStart(processId, version, data, actor, links), _time.GetUtcNow());
            if (await FindEarlierAsync(idempotency, null, processId, cancellationToken).ConfigureAwait(false) is { } earlier)
            {
                return earlier.Instance;
            }

            var definition = FindDefinition(processId, version);
            var now = _time.GetUtcNow();
            var facts = new CommandFacts(now) { Linked = await LinkTargetsAsync(links ?? [], cancellationToken).ConfigureAwait(false) };
            var decision = CommandDecision.Start(_rules, definition, Ids.NewVersion7(now), data, actor, links ?? [], facts);
            if (decision.Refusal is { } refusal)
            {
                throw refusal;
            }

            var state = decision.After.State;
            var commit = decision.ToCommit(expectedVersion: null, idempotency);
            try
            {
                await CommitCountedAsync(commit, cancellationToken).ConfigureAwait(false);
                NoteTimers(commit);
            }
            catch (DuplicateCommandException) when (idempotency is not null)
            {
                // The same start was committed at the same moment by another attempt: it wins.
                if (await FindEarlierAsync(idempotency, null, processId, cancellationToken).ConfigureAwait(false) is { } first)
                {
                    return first.Instance;
                }

                throw;
            }

            _telemetry.Applied(processId, "start", started);
            LogStarted(processId, commit.Instance.Id, actor.UserId, state);
            return commit.Instance;
        }
        catch (ProcessCommandException ex)
        {
            Refused(processId, "start", ex, started, activity);
            throw;
        }
    }

    /// <inheritdoc />
    public Task<CommandResult> FireAsync(ProcessCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentException.ThrowIfNullOrEmpty(command.Trigger);
        ArgumentNullException.ThrowIfNull(command.Actor);
        var idempotency = command.IdempotencyKey is { } key ? new IdempotencyRecord(command.Actor.UserId, key, RequestFingerprint.OfFire(command), _time.GetUtcNow()) : null;
        return ExecuteAsync("fire", command.Trigger, command.InstanceId, command.ExpectedVersion, idempotency, command, static (engine, instance, definition, state, ct) => engine.DecideFireAsync(instance, definition, (ProcessCommand)state, ct), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<CommandResult> DecideAsync(Guid instanceId, string decision, Actor actor, string? comment = null, long? expectedVersion = null, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(decision);
        ArgumentNullException.ThrowIfNull(actor);

        // The key first: a retried decision finds the stage it decided closed, and must get its first result, not a refusal.
        var idempotency = idempotencyKey is null ? null : new IdempotencyRecord(actor.UserId, idempotencyKey, RequestFingerprint.OfDecision(instanceId, decision, comment, actor), _time.GetUtcNow());
        if (await FindEarlierAsync(idempotency, instanceId, null, cancellationToken).ConfigureAwait(false) is { } earlier)
        {
            return earlier;
        }

        ProcessInstance instance;
        ApprovalStageDefinition stage;
        try
        {
            instance = await GetAsync(instanceId, cancellationToken).ConfigureAwait(false);
            stage = FindDefinition(instance.ProcessId, instance.DefinitionVersion).FindState(instance.State)?.Approval
                ?? throw new CommandNotPermittedException(instanceId, instance.State, decision, [$"'{instance.State}' is not an approval stage, so there is nothing to decide"]);
        }
        catch (CommandNotPermittedException) when (idempotency is not null)
        {
            // The same decision, sent at the same moment, may have closed the stage since the key was looked up.
            if (await FindEarlierAsync(idempotency, instanceId, null, cancellationToken).ConfigureAwait(false) is { } first)
            {
                return first;
            }

            throw;
        }

        var trigger = ApprovalTally.TriggerFor(stage, decision);
        JsonElement? arguments = stage.Decisions == DecisionSet.Review
            ? JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["decision"] = decision }, EngineJsonContext.Default.DictionaryStringString)
            : null;
        var command = new ProcessCommand(instanceId, trigger, actor) { Arguments = arguments, Comment = comment, ExpectedVersion = expectedVersion, IdempotencyKey = idempotencyKey };
        return await ExecuteAsync("fire", trigger, instanceId, expectedVersion, idempotency, command, static (engine, instance, definition, state, ct) => engine.DecideFireAsync(instance, definition, (ProcessCommand)state, ct), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<CommandResult> UpdateChecklistItemAsync(ChecklistCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentException.ThrowIfNullOrEmpty(command.ItemId);
        ArgumentNullException.ThrowIfNull(command.Actor);
        var idempotency = command.IdempotencyKey is { } key ? new IdempotencyRecord(command.Actor.UserId, key, RequestFingerprint.OfChecklist(command), _time.GetUtcNow()) : null;
        return ExecuteAsync("checklist", command.ItemId, command.InstanceId, command.ExpectedVersion, idempotency, command, static (engine, instance, definition, state, ct) => engine.DecideChecklistAsync(instance, definition, (ChecklistCommand)state, ct), cancellationToken);
    }

    /// <inheritdoc />
    public Task<CommandResult> UpdateDataAsync(DataCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(command.Actor);
        var idempotency = command.IdempotencyKey is { } key ? new IdempotencyRecord(command.Actor.UserId, key, RequestFingerprint.OfData(command), _time.GetUtcNow()) : null;
        return ExecuteAsync("data", "UpdateData", command.InstanceId, command.ExpectedVersion, idempotency, command, static (engine, instance, definition, state, ct) => engine.DecideDataChangeAsync(instance, definition, (DataCommand)state, ct), cancellationToken);
    }

    /// <inheritdoc />
    public Task<CommandResult> LinkAsync(Guid instanceId, InstanceLink link, Actor actor, long? expectedVersion = null, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(link);
        ArgumentException.ThrowIfNullOrEmpty(link.Relation);
        ArgumentNullException.ThrowIfNull(actor);
        var idempotency = idempotencyKey is null ? null : new IdempotencyRecord(actor.UserId, idempotencyKey, RequestFingerprint.OfLink(instanceId, link, actor), _time.GetUtcNow());
        return ExecuteAsync("link", link.Relation, instanceId, expectedVersion, idempotency, (link, actor), static (engine, instance, definition, state, ct) =>
        {
            var (link, actor) = ((InstanceLink, Actor))state;
            return engine.DecideLinkAsync(instance, definition, link, actor, ct);
        }, cancellationToken);
    }

    /// <summary>
    /// Fires a due timer as a command of the <c>system</c> actor: a reminder is recorded in the
    /// history and announced as an event; a deadline fires its timeout trigger (or is recorded
    /// when it has none). The timer is removed in the same transaction, so it fires once; a timer
    /// whose instance has left its state, or that is already gone, changes nothing.
    /// </summary>
    /// <param name="timer">The due timer.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The result; no events when there was nothing to do.</returns>
    internal Task<CommandResult> FireTimerAsync(ProcessTimer timer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(timer);
        return ExecuteAsync("timer", timer.Kind, timer.InstanceId, null, null, timer, static (engine, instance, definition, state, ct) => engine.DecideTimerAsync(instance, definition, (ProcessTimer)state, ct), cancellationToken);
    }

    /// <inheritdoc />
    public async Task DelegateAsync(Delegation delegation, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delegation);
        ArgumentNullException.ThrowIfNull(actor);
        var errors = new List<DataError>();
        if (string.IsNullOrWhiteSpace(delegation.Delegator))
        {
            errors.Add(new DataError("delegator", "is required"));
        }

        if (string.IsNullOrWhiteSpace(delegation.Delegate))
        {
            errors.Add(new DataError("delegate", "is required"));
        }
        else if (delegation.Delegate == delegation.Delegator)
        {
            errors.Add(new DataError("delegate", "must be someone other than the delegator"));
        }

        if (delegation.To < delegation.From)
        {
            errors.Add(new DataError("to", $"{delegation.To:yyyy-MM-dd} is before {delegation.From:yyyy-MM-dd}"));
        }

        if (errors.Count > 0)
        {
            throw new CommandValidationException("The delegation is not valid: " + string.Join("; ", errors), errors);
        }

        if (actor.UserId != delegation.Delegator)
        {
            throw new CommandForbiddenException(Guid.Empty, actor.UserId, "Delegate", $"only {delegation.Delegator} can hand over their own approvals");
        }

        // The delegate acts with these roles: the delegator may hand over only roles they hold.
        var notHeld = delegation.Roles.Where(role => !actor.Roles.Contains(role, StringComparer.Ordinal)).ToList();
        if (notHeld.Count > 0)
        {
            throw new CommandForbiddenException(Guid.Empty, actor.UserId, "Delegate", $"{actor.UserId} can hand over only roles they hold, and does not hold {string.Join(", ", notHeld.Select(r => $"'{r}'"))}");
        }

        await _store.SaveDelegationAsync(delegation, cancellationToken).ConfigureAwait(false);
        LogDelegated(delegation.Delegator, delegation.Delegate, delegation.From, delegation.To);
    }

    /// <inheritdoc />
    public async Task<ProcessInstance> GetAsync(Guid instanceId, CancellationToken cancellationToken = default)
        => await _store.GetAsync(instanceId, cancellationToken).ConfigureAwait(false) ?? throw new InstanceNotFoundException(instanceId);

    /// <inheritdoc />
    public Task<InstancePage> QueryAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return _store.QueryAsync(query, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        await GetAsync(instanceId, cancellationToken).ConfigureAwait(false);
        return await _store.GetHistoryAsync(instanceId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AvailableAction>> GetAvailableActionsAsync(Guid instanceId, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var instance = await GetAsync(instanceId, cancellationToken).ConfigureAwait(false);
        var definition = FindDefinition(instance.ProcessId, instance.DefinitionVersion);
        var facts = await FactsAsync(definition, instance, actor, null, DefinitionFacts.For(definition).HasLinkRequirements, cancellationToken).ConfigureAwait(false);
        return await WithGuardCallsAsync(instance.Id, facts, (engine: this, definition, instance, actor), static (facts, s) => CommandDecision.AvailableActions(s.engine._rules, s.definition, s.instance, s.actor, facts), cancellationToken, listing: true).ConfigureAwait(false);
    }

    /// <summary>Releases the engine's meter.</summary>
    public void Dispose() => _telemetry.Dispose();

    private ProcessDefinition FindDefinition(string processId, int? version)
    {
        return _definitions.TryGet(processId, version, out var definition) ? definition : throw DefinitionNotFound(processId, version);
    }

    // Apart from FindDefinition, whose every call would otherwise allocate this method's closure.
    private DefinitionNotFoundException DefinitionNotFound(string processId, int? version)
    {
        var known = _definitions.GetAll().Where(d => d.Id == processId).Select(d => d.Version).ToList();
        var registered = string.Join(", ", _definitions.GetAll().Select(d => d.Id).Distinct());
        var message = known.Count == 0
            ? $"There is no process '{processId}'. Registered processes: {(registered.Length > 0 ? registered : "none")}."
            : $"The process '{processId}' has no version {version}; registered versions: {string.Join(", ", known)}.";
        return new DefinitionNotFoundException(processId, version, message);
    }

    private async Task<CommandResult> ExecuteAsync(
        string kind,
        string label,
        Guid instanceId,
        long? expectedVersion,
        IdempotencyRecord? idempotency,
        object command,
        Func<ProcessEngine, ProcessInstance, ProcessDefinition, object, CancellationToken, ValueTask<CommandDecision>> apply,
        CancellationToken cancellationToken)
    {
        var started = _telemetry.Start();
        using var activity = EngineTelemetry.Source.HasListeners() ? EngineTelemetry.Source.StartActivity(kind + " " + label) : null;
        activity?.SetTag("marketingworkflows.instance", instanceId);
        string? processId = null;
        try
        {
            using (await _locks.AcquireAsync(instanceId, cancellationToken).ConfigureAwait(false))
            {
                var copyAllowed = _copies is not null;
                for (var attempt = 0; ; attempt++)
                {
                    if (idempotency is not null && await FindEarlierAsync(idempotency, instanceId, null, cancellationToken).ConfigureAwait(false) is { } earlier)
                    {
                        return earlier;
                    }

                    // The store's last copy saves a read when it is current; when it is not, the
                    // commit's version check refuses it and the command runs again on a fresh read,
                    // without spending a retry. A copy older than the caller's expected version is
                    // not used, so it never causes a conflict the caller did not have.
                    var instance = copyAllowed && (Volatile.Read(ref _mismatchedCount) == 0 || !_mismatched.ContainsKey(instanceId)) ? _copies!.LastKnown(instanceId) : null;
                    if (instance is not null && expectedVersion is { } wanted && wanted != instance.Version)
                    {
                        instance = null;
                    }

                    var fromCopy = instance is not null;
                    copyAllowed = false;
                    instance ??= await ReadAsHistorySaysAsync(instanceId, cancellationToken).ConfigureAwait(false);

                    processId = instance.ProcessId;
                    activity?.SetTag("marketingworkflows.process", processId);
                    if (expectedVersion is { } expected && expected != instance.Version)
                    {
                        throw new ConcurrencyConflictException(instanceId, expected, instance.Version);
                    }

                    var definition = FindDefinition(instance.ProcessId, instance.DefinitionVersion);
                    var decision = await apply(this, instance, definition, command, cancellationToken).ConfigureAwait(false);
                    if (decision.Refusal is { } refusal)
                    {
                        if (fromCopy)
                        {
                            // Refused on a copy that may be old: the refusal stands only on a fresh read.
                            attempt--;
                            continue;
                        }

                        throw refusal;
                    }

                    if (decision.NothingToDo)
                    {
                        if (fromCopy)
                        {
                            attempt--;
                            continue;
                        }

                        return new CommandResult(instance, []);
                    }

                    var commit = decision.ToCommit(instance.Version, idempotency);
                    try
                    {
                        await CommitCountedAsync(commit, cancellationToken).ConfigureAwait(false);
                        NoteTimers(commit);
                    }
                    catch (StoreConcurrencyException) when (fromCopy)
                    {
                        attempt--;
                        continue;
                    }
                    catch (StoreConcurrencyException) when (expectedVersion is null && attempt < _options.CommandRetries)
                    {
                        // Another host changed the instance between our read and our write: decide again on its new state.
                        continue;
                    }
                    catch (StoreConcurrencyException ex)
                    {
                        throw new ConcurrencyConflictException(instanceId, expectedVersion ?? instance.Version, ex.ActualVersion ?? 0);
                    }
                    catch (DuplicateCommandException) when (idempotency is not null)
                    {
                        var first = await FindEarlierAsync(idempotency, instanceId, null, cancellationToken).ConfigureAwait(false);
                        if (first is not null)
                        {
                            return first;
                        }

                        throw;
                    }

                    _telemetry.Applied(processId, kind, started);
                    LogApplied(kind, label, instanceId, instance.State, commit.Instance.State, commit.Instance.Version);
                    return new CommandResult(commit.Instance, commit.Events);
                }
            }
        }
        catch (ProcessCommandException ex)
        {
            Refused(processId, kind, ex, started, activity);
            throw;
        }
    }

    /// <summary>Commits through the store, counting the commit or its failure by cause.</summary>
    private async Task CommitCountedAsync(InstanceCommit commit, CancellationToken cancellationToken)
    {
        try
        {
            await _store.CommitAsync(commit, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _telemetry.CommitFailed(ex);
            throw;
        }

        _telemetry.Committed();
    }

    private void Refused(string? processId, string kind, ProcessCommandException ex, long started, Activity? activity)
    {
        _telemetry.Failed(processId, kind, ex.Failure.ToString(), started);
        activity?.SetStatus(ActivityStatusCode.Error, ex.Failure.ToString());
        LogRefused(kind, ex.Failure, ex.Message);
    }

    /// <summary>Gets the engine's metrics, which its workers add to.</summary>
    internal EngineTelemetry Telemetry => _telemetry;

    /// <summary>Notes that a timer worker runs in this process, so timers will fire.</summary>
    internal void NoteTimerWorkerRuns() => Volatile.Write(ref _timerWorkerRuns, 1);

    /// <summary>Gets whether a timer worker has started in this process.</summary>
    internal bool TimerWorkerRuns => Volatile.Read(ref _timerWorkerRuns) != 0;

    /// <summary>
    /// Keeps the earliest timer a command scheduled while no timer worker runs here, and warns once
    /// when a later command finds it past due: an engine built without a generic host (or one that
    /// was never started) runs no workers, so deadlines would pass unnoticed. Hosts that leave the
    /// workers to another process (<see cref="MarketingWorkflowsOptions.RunBackgroundWorkers"/> off)
    /// are not warned.
    /// </summary>
    private void NoteTimers(InstanceCommit commit)
    {
        if (Volatile.Read(ref _timerWorkerRuns) != 0 || !_options.RunBackgroundWorkers || Volatile.Read(ref _warnedNoTimerWorker) != 0)
        {
            return;
        }

        var now = _time.GetUtcNow().UtcTicks;
        var earliest = Volatile.Read(ref _earliestUnwatchedTimer);
        if (earliest <= now && Interlocked.Exchange(ref _warnedNoTimerWorker, 1) == 0)
        {
            LogNoTimerWorker(new DateTimeOffset(earliest, TimeSpan.Zero));
            return;
        }

        foreach (var timer in commit.Timers ?? [])
        {
            var due = timer.DueAt.UtcTicks;
            for (var seen = Volatile.Read(ref _earliestUnwatchedTimer); due < seen; seen = Volatile.Read(ref _earliestUnwatchedTimer))
            {
                if (Interlocked.CompareExchange(ref _earliestUnwatchedTimer, due, seen) == seen)
                {
                    break;
                }
            }
        }
    }

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "A timer fell due at {DueAt:O} but no timer worker runs in this process, so deadlines and reminders will not fire: run MarketingWorkflows in a generic host (Host.CreateApplicationBuilder, or the ASP.NET Core host) and start it, or set RunBackgroundWorkers to false where another process runs the workers")]
    private partial void LogNoTimerWorker(DateTimeOffset dueAt);

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Started {ProcessId} instance {InstanceId} by {UserId} in {State}")]
    private partial void LogStarted(string processId, Guid instanceId, string userId, string state);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Applied {Kind} {Label} to {InstanceId}: {From} -> {To}, version {Version}")]
    private partial void LogApplied(string kind, string label, Guid instanceId, string from, string to, long version);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Refused {Kind} ({Failure}): {Reason}")]
    private partial void LogRefused(string kind, CommandFailure failure, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "{Delegator} delegated to {Delegate} from {From} to {To}")]
    private partial void LogDelegated(string delegator, string @delegate, DateOnly from, DateOnly to);
}
