using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketingWorkflows.Engine.Internal;

/// <summary>
/// Fires due timers (deadlines, reminders, timeouts) as commands of the <c>system</c> actor, on
/// the injected clock. A timer that was due while the host was down is due when it comes back,
/// so it fires then, once. A timer that fails is postponed with a growing delay, and dropped
/// after <see cref="MarketingWorkflowsOptions.MaxAttempts"/>; it never holds up the others.
/// </summary>
internal sealed partial class TimerWorker(
    ProcessEngine engine,
    ITimerStore store,
    IWorkSignal? signal,
    MarketingWorkflowsOptions options,
    TimeProvider time,
    ILogger<TimerWorker>? logger = null) : PollingWorker(options, time, signal)
{
    private const int Parallelism = 4;
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    /// <inheritdoc />
    protected override void OnStarted() => engine.NoteTimerWorkerRuns();

    /// <summary>Fires the timers due now, one batch; returns how many were due.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        var due = await store.ClaimDueTimersAsync(now, Options.BatchSize, Options.ClaimLease, cancellationToken).ConfigureAwait(false);
        engine.Telemetry.TimersDue(due, now, Options.PollInterval);

        // An instance's timers go one after another, in the order they fell due, a reminder before
        // the deadline it shares a moment with; different instances' timers go side by side.
        // (Commands on one instance run one at a time anyway.)
        var byInstance = due.GroupBy(t => t.InstanceId)
            .Select(g => g.OrderBy(t => t.DueAt).ThenBy(t => t.Kind == "deadline").ThenBy(t => t.Id).ToList())
            .ToList();
        await Parallel.ForEachAsync(byInstance, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (timers, ct) =>
        {
            foreach (var timer in timers)
            {
                await FireAsync(timer, now, ct).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
        return due.Count;
    }

    private async Task FireAsync(ProcessTimer timer, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            await engine.FireTimerAsync(timer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var attempt = timer.Attempts + 1;
            if (attempt >= Options.MaxAttempts)
            {
                LogGaveUp(ex, timer.Kind, timer.Id, timer.InstanceId, attempt);
                await store.RemoveTimerAsync(timer.Id, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var delay = Options.RetryDelayFor(attempt);
                LogRetrying(ex, timer.Kind, timer.Id, timer.InstanceId, attempt, delay);
                await store.PostponeTimerAsync(timer.Id, now + delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    protected override async Task<bool> PollAsync(CancellationToken cancellationToken)
        => await RunOnceAsync(cancellationToken).ConfigureAwait(false) >= Options.BatchSize;

    /// <inheritdoc />
    protected override async Task WaitAsync(CancellationToken cancellationToken)
    {
        // Sleep until the next timer falls due when that is sooner than the poll interval.
        var now = Time.GetUtcNow();
        var wait = Options.PollInterval;
        var next = await store.GetDueTimersAsync(now + wait, 1, cancellationToken).ConfigureAwait(false);
        if (next.Count > 0)
        {
            // A timer already due was not claimed (another host holds it): look again a little later, not at once.
            var soonest = Options.PollInterval / 10;
            var until = next[0].DueAt - now;
            wait = until < soonest ? soonest : until < wait ? until : wait;
        }

        await WaitForWorkAsync(StoreWork.Timers, wait, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override void OnBatchFailed(Exception exception) => LogPollFailed(exception);

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "The {Kind} timer {TimerId} of {InstanceId} failed (attempt {Attempt}); trying again in {Delay}")]
    private partial void LogRetrying(Exception exception, string kind, Guid timerId, Guid instanceId, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 21, Level = LogLevel.Error, Message = "The {Kind} timer {TimerId} of {InstanceId} failed {Attempt} times and was dropped")]
    private partial void LogGaveUp(Exception exception, string kind, Guid timerId, Guid instanceId, int attempt);

    [LoggerMessage(EventId = 22, Level = LogLevel.Error, Message = "Looking for due timers failed; looking again later")]
    private partial void LogPollFailed(Exception exception);
}
