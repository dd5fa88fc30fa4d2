using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Storage;

/// <summary>
/// Where instances live. Shaped for one database transaction per command:
/// <see cref="CommitAsync"/> saves the instance (with a version check), appends its history,
/// replaces its timers, adds its outgoing events and records the idempotency key — all together
/// or nothing. Every store passes the same contract test suite.
/// </summary>
public interface IProcessStore
{
    /// <summary>Reads an instance.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The instance, or <see langword="null"/> when there is none.</returns>
    Task<ProcessInstance?> GetAsync(Guid instanceId, CancellationToken cancellationToken = default);

    /// <summary>Reads an instance's history, oldest first.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entries; empty when the instance does not exist.</returns>
    Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(Guid instanceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads an instance's last history entry (the one with the highest sequence number); the
    /// engine checks the instance's row against it when it reads the instance. A store reads it by
    /// its index; this default reads the whole history.
    /// </summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entry, or <see langword="null"/> when the instance has none.</returns>
    async Task<HistoryEntry?> GetLastHistoryEntryAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        var history = await GetHistoryAsync(instanceId, cancellationToken).ConfigureAwait(false);
        return history.Count == 0 ? null : history[^1];
    }

    /// <summary>Reads the timers of an instance, earliest first.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The timers.</returns>
    Task<IReadOnlyList<ProcessTimer>> GetTimersAsync(Guid instanceId, CancellationToken cancellationToken = default);

    /// <summary>Gets the timers due at or before <paramref name="until"/>, earliest first.</summary>
    /// <param name="until">The time up to which timers are due.</param>
    /// <param name="maxCount">The most timers to return.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The due timers.</returns>
    Task<IReadOnlyList<ProcessTimer>> GetDueTimersAsync(DateTimeOffset until, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>Moves a timer whose firing failed to a later time and counts the attempt; does nothing when the timer is gone.</summary>
    /// <param name="timerId">The timer.</param>
    /// <param name="dueAt">When to try again.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the timer is moved.</returns>
    Task PostponeTimerAsync(Guid timerId, DateTimeOffset dueAt, CancellationToken cancellationToken = default);

    /// <summary>Removes a timer that will not be fired (it failed too often); does nothing when it is gone.</summary>
    /// <param name="timerId">The timer.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the timer is removed.</returns>
    Task RemoveTimerAsync(Guid timerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the timers due at <paramref name="now"/> for this caller to fire. A store shared by
    /// several hosts hands each timer to one caller at a time, for <paramref name="lease"/>: a host
    /// that stops before firing it loses the claim when the lease runs out, and another takes it.
    /// A store used by one host returns the due timers, as <see cref="GetDueTimersAsync"/> does.
    /// </summary>
    /// <param name="now">The time now.</param>
    /// <param name="maxCount">The most timers to take.</param>
    /// <param name="lease">How long the claim holds.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The timers claimed, earliest first.</returns>
    Task<IReadOnlyList<ProcessTimer>> ClaimDueTimersAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default)
        => GetDueTimersAsync(now, maxCount, cancellationToken);

    /// <summary>
    /// Takes pending events for this caller to deliver, oldest first, skipping those waiting for a
    /// retry and every later event of their instance (events are delivered in order per instance).
    /// A store shared by several hosts hands each event, and the later events of its instance, to
    /// one caller at a time, for <paramref name="lease"/>. A store used by one host returns the
    /// pending entries, as <see cref="GetOutboxAsync"/> does.
    /// </summary>
    /// <param name="now">The time now.</param>
    /// <param name="maxCount">The most events to take.</param>
    /// <param name="lease">How long the claim holds.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entries claimed, oldest first.</returns>
    Task<IReadOnlyList<OutboxEntry>> ClaimPendingEventsAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default)
        => GetOutboxAsync(OutboxStatus.Pending, maxCount, cancellationToken);

    /// <summary>
    /// Waits until a command may have added work of the given kind or <paramref name="timeout"/>
    /// passes, whichever is first. A store that can be told of new work (PostgreSQL's
    /// <c>LISTEN</c>/<c>NOTIFY</c>) wakes its workers early; otherwise this simply waits.
    /// </summary>
    /// <param name="work">The kind of work the caller handles: a new event does not wake the timer worker.</param>
    /// <param name="timeout">The longest wait.</param>
    /// <param name="timeProvider">The clock the wait runs on.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the wait is over.</returns>
    Task WaitForWorkAsync(StoreWork work, TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken = default)
        => Task.Delay(timeout, timeProvider, cancellationToken);

    /// <summary>Reads the events not yet delivered, oldest first.</summary>
    /// <param name="maxCount">At most this many.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The events.</returns>
    Task<IReadOnlyList<ProcessEvent>> GetPendingEventsAsync(int maxCount, CancellationToken cancellationToken = default);

    /// <summary>Marks events as delivered, so they are no longer pending.</summary>
    /// <param name="eventIds">The events.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>A task that completes when the marks are saved.</returns>
    Task AcknowledgeEventsAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken = default);

    /// <summary>Gets outbox entries with a status, in the order their commands committed, with their delivery attempts.</summary>
    /// <param name="status">Which entries.</param>
    /// <param name="maxCount">The most entries to return.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entries, oldest first.</returns>
    Task<IReadOnlyList<OutboxEntry>> GetOutboxAsync(OutboxStatus status, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>Records a failed delivery: the event is tried again at <paramref name="retryAt"/>, or dead-lettered when it is <see langword="null"/>.</summary>
    /// <param name="eventId">The event.</param>
    /// <param name="error">What went wrong.</param>
    /// <param name="retryAt">When to try again, or <see langword="null"/> to give up.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the failure is recorded.</returns>
    Task RecordDeliveryFailureAsync(Guid eventId, string error, DateTimeOffset? retryAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a failed delivery, as the other overload does, together with the handlers that did
    /// receive the event (<paramref name="handledBy"/>, every one so far, replacing what was
    /// recorded), so that a retry or a replay skips them. A store that cannot record them falls
    /// back to the other overload, and every handler sees the event again.
    /// </summary>
    /// <param name="eventId">The event.</param>
    /// <param name="error">What went wrong.</param>
    /// <param name="retryAt">When to try again, or <see langword="null"/> to give up.</param>
    /// <param name="handledBy">The names of the handlers that have received the event.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the failure is recorded.</returns>
    Task RecordDeliveryFailureAsync(Guid eventId, string error, DateTimeOffset? retryAt, IReadOnlyCollection<string> handledBy, CancellationToken cancellationToken = default)
        => RecordDeliveryFailureAsync(eventId, error, retryAt, cancellationToken);

    /// <summary>Puts a delivered or dead-lettered event back in the queue, with its attempts reset.</summary>
    /// <param name="eventId">The event.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when the event exists.</returns>
    Task<bool> ReplayEventAsync(Guid eventId, CancellationToken cancellationToken = default);

    /// <summary>Saves a delegation.</summary>
    /// <param name="delegation">The delegation.</param>
    /// <param name="cancellationToken">Cancels the save.</param>
    /// <returns>A task that completes when it is saved.</returns>
    Task SaveDelegationAsync(Delegation delegation, CancellationToken cancellationToken = default);

    /// <summary>Reads the delegations to a user (as the delegate).</summary>
    /// <param name="delegateUserId">The delegate.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The delegations, in the order saved.</returns>
    Task<IReadOnlyList<Delegation>> GetDelegationsAsync(string delegateUserId, CancellationToken cancellationToken = default);

    /// <summary>Finds an earlier command by its caller and idempotency key, however old it is.</summary>
    /// <param name="caller">The user who sent the command.</param>
    /// <param name="idempotencyKey">The key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The record, with the request's fingerprint and the first result, or <see langword="null"/> when the caller has not used the key.</returns>
    Task<RecordedCommand?> FindCommandAsync(string caller, string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes the idempotency records created before <paramref name="createdBefore"/>: they no
    /// longer replay, and their keys may be used afresh. The timer worker calls it at most once an
    /// hour with <see cref="MarketingWorkflowsOptions.IdempotencyRetention"/>.
    /// </summary>
    /// <param name="createdBefore">Records created before this time go.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many records were removed.</returns>
    Task<int> RemoveCommandsAsync(DateTimeOffset createdBefore, CancellationToken cancellationToken = default);

    /// <summary>Saves one command's changes atomically.</summary>
    /// <param name="commit">The changes.</param>
    /// <param name="cancellationToken">Cancels the commit (nothing is saved).</param>
    /// <returns>A task that completes when the changes are durable.</returns>
    /// <exception cref="StoreConcurrencyException">The stored version is not <see cref="InstanceCommit.ExpectedVersion"/> (or the instance exists when inserting).</exception>
    /// <exception cref="DuplicateCommandException">The caller's idempotency key is already recorded.</exception>
    Task CommitAsync(InstanceCommit commit, CancellationToken cancellationToken = default);

    /// <summary>Finds instances.</summary>
    /// <param name="query">What to look for, and which page.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>One page of instances, newest first, and the total count.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The page is out of range: <see cref="InstanceQuery.Skip"/> below 0, or <see cref="InstanceQuery.Take"/> not 1 to 500.</exception>
    /// <exception cref="InvalidInstanceQueryException"><see cref="InstanceQuery.DataField"/> or <see cref="InstanceQuery.DataValue"/> has U+0000 or half of a surrogate pair.</exception>
    Task<InstancePage> QueryAsync(InstanceQuery query, CancellationToken cancellationToken = default);
}

/// <summary>The changes of one command, saved together by <see cref="IProcessStore.CommitAsync"/>.</summary>
/// <param name="Instance">The instance after the command.</param>
/// <param name="ExpectedVersion">The version the stored instance must have, or <see langword="null"/> to insert a new instance.</param>
/// <param name="History">The history entries to append, in order.</param>
/// <param name="Timers">The instance's timers after the command (they replace the stored ones), or <see langword="null"/> to keep them.</param>
/// <param name="Events">The events to add to the outbox.</param>
/// <param name="Idempotency">The command's idempotency key with its caller and fingerprint, recorded with its result, or <see langword="null"/>.</param>
public sealed record InstanceCommit(
    ProcessInstance Instance,
    long? ExpectedVersion,
    IReadOnlyList<HistoryEntry> History,
    IReadOnlyList<ProcessTimer>? Timers,
    IReadOnlyList<ProcessEvent> Events,
    IdempotencyRecord? Idempotency)
{
    /// <summary>
    /// Gets the instance as it was read before the command, or <see langword="null"/>. A store
    /// may use it to leave alone what the command did not change (whom the instance waits on,
    /// its links); the version check still decides whether the commit applies.
    /// </summary>
    public ProcessInstance? Previous { get; init; }
}

/// <summary>What to look for with <see cref="IProcessStore.QueryAsync"/>. Every condition given must hold.</summary>
public sealed record InstanceQuery
{
    /// <summary>Gets the process id, or <see langword="null"/> for any.</summary>
    public string? ProcessId { get; init; }

    /// <summary>Gets the state, or <see langword="null"/> for any.</summary>
    public string? State { get; init; }

    /// <summary>Gets a top-level data field that must equal <see cref="DataValue"/>, or <see langword="null"/>.</summary>
    /// <remarks>
    /// The name is compared with each field's name exactly, whatever it holds (quotes, backslashes,
    /// dots, brackets, <c>$</c>, <c>*</c>, spaces, any language, or nothing): it is never read as
    /// a path, so <c>a.b</c> finds a field named <c>a.b</c>, not <c>b</c> inside <c>a</c>. A name
    /// with U+0000 or half of a surrogate pair is refused with <see cref="InvalidInstanceQueryException"/>.
    /// </remarks>
    public string? DataField { get; init; }

    /// <summary>Gets the value <see cref="DataField"/> must have (compared as JSON text: strings, numbers, booleans).</summary>
    /// <remarks>A value with U+0000 or half of a surrogate pair is refused with <see cref="InvalidInstanceQueryException"/>.</remarks>
    public string? DataValue { get; init; }

    /// <summary>Gets a user: only instances waiting on that user, or on one of <see cref="WaitingOnRoles"/>.</summary>
    public string? WaitingOnUser { get; init; }

    /// <summary>Gets the roles that count for <see cref="WaitingOnUser"/>.</summary>
    public IReadOnlyList<string> WaitingOnRoles { get; init; } = [];

    /// <summary>Gets a time: only instances whose deadline passed before it, or <see langword="null"/>.</summary>
    public DateTimeOffset? OverdueAt { get; init; }

    /// <summary>Gets an instance: only instances linked to it, or <see langword="null"/>.</summary>
    public Guid? LinkedTo { get; init; }

    /// <summary>Gets whether to include completed instances. Default: true.</summary>
    public bool IncludeCompleted { get; init; } = true;

    /// <summary>Gets how many matching instances to skip.</summary>
    public int Skip { get; init; }

    /// <summary>Gets the page size, 1 to 500. Default: 50.</summary>
    public int Take { get; init; } = 50;

    /// <summary>
    /// Throws when a store cannot answer the query the same way as every other store: the page is
    /// out of range (0 or more to skip, 1 to 500 to take), or the data field or value has text no
    /// store can compare.
    /// </summary>
    internal void ThrowIfInvalid()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Skip);
        ArgumentOutOfRangeException.ThrowIfLessThan(Take, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Take, 500);
        ThrowIfNotComparable(DataField, nameof(DataField), "field name");
        ThrowIfNotComparable(DataValue, nameof(DataValue), "value");
    }

    private static void ThrowIfNotComparable(string? text, string property, string what)
    {
        if (text is null)
        {
            return;
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\0')
            {
                throw new InvalidInstanceQueryException($"The {what} in {property} has the character U+0000 at index {i}, which no store can compare (PostgreSQL text cannot hold it); leave it out.", property);
            }

            if (char.IsSurrogate(text[i]) && !char.IsSurrogatePair(text, i))
            {
                throw new InvalidInstanceQueryException($"The {what} in {property} has half of a surrogate pair (U+{(int)text[i]:X4}) at index {i}, so it is not Unicode text and no field can have it; send the whole character or leave it out.", property);
            }

            if (char.IsHighSurrogate(text[i]))
            {
                i++;
            }
        }
    }
}

/// <summary>One page of a query.</summary>
/// <param name="Items">The instances, newest first.</param>
/// <param name="Total">How many instances match in all.</param>
public sealed record InstancePage(IReadOnlyList<ProcessInstance> Items, int Total);

/// <summary>Thrown by a store when the stored version is not the expected one.</summary>
public sealed class StoreConcurrencyException : Exception
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="expectedVersion">The version expected (null: the instance was expected not to exist).</param>
    /// <param name="actualVersion">The version stored (null: there is no instance).</param>
    public StoreConcurrencyException(Guid instanceId, long? expectedVersion, long? actualVersion)
        : base($"Instance {instanceId}: expected version {expectedVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none (a new instance)"}, found {actualVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}.")
    {
        InstanceId = instanceId;
        ExpectedVersion = expectedVersion;
        ActualVersion = actualVersion;
    }

    /// <summary>Gets the instance.</summary>
    public Guid InstanceId { get; }

    /// <summary>Gets the version expected.</summary>
    public long? ExpectedVersion { get; }

    /// <summary>Gets the version stored.</summary>
    public long? ActualVersion { get; }
}

/// <summary>Thrown by a store when a caller's idempotency key is already recorded.</summary>
/// <param name="idempotencyKey">The key.</param>
public sealed class DuplicateCommandException(string idempotencyKey)
    : Exception($"A command with the idempotency key '{idempotencyKey}' has already been applied.")
{
    /// <summary>Gets the key.</summary>
    public string IdempotencyKey { get; } = idempotencyKey;
}

/// <summary>
/// Thrown by a store when its database cannot be reached or drops the connection: a transient
/// failure, worth retrying. When it ends a commit, the command may or may not have been saved;
/// sending it again with the same idempotency key applies it exactly once.
/// </summary>
public sealed class StoreUnavailableException : Exception
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="message">What failed and what to do.</param>
    /// <param name="innerException">The database client's error.</param>
    public StoreUnavailableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

/// <summary>Where an event is in the outbox.</summary>
public enum OutboxStatus
{
    /// <summary>Waiting to be delivered (possibly after a failed attempt).</summary>
    Pending,

    /// <summary>Delivered to every handler.</summary>
    Delivered,

    /// <summary>Given up after too many failed deliveries; can be replayed.</summary>
    DeadLettered,
}

/// <summary>An event in the outbox, with its delivery state.</summary>
/// <param name="Event">The event.</param>
/// <param name="Status">Where it is.</param>
/// <param name="Attempts">How many deliveries failed.</param>
/// <param name="NextAttemptAt">When a pending event that failed is tried again, or <see langword="null"/> when it can go now.</param>
/// <param name="LastError">What went wrong the last time, or <see langword="null"/>.</param>
public sealed record OutboxEntry(ProcessEvent Event, OutboxStatus Status, int Attempts, DateTimeOffset? NextAttemptAt, string? LastError)
{
    /// <summary>
    /// Gets the event handlers that have already received the event, by name, when an earlier
    /// delivery failed part of the way through: a retry or a replay goes only to the others.
    /// </summary>
    public IReadOnlyList<string> HandledBy { get; init; } = [];
}

/// <summary>
/// A store cannot start: its database is not one of ours, has a newer schema, is read-only or
/// cannot be reached. Nothing was changed. The message says what was found and what to do.
/// </summary>
public sealed class StoreStartupException : Exception
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="message">What was found and what to do.</param>
    /// <param name="innerException">The database's own error, or <see langword="null"/>.</param>
    public StoreStartupException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
