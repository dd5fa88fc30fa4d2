using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage;

namespace MarketingWorkflows.Engine.Internal;

/// <summary>The engine's metrics and traces: a <see cref="Meter"/> and an <see cref="ActivitySource"/>, both named <c>MarketingWorkflows</c>.</summary>
internal sealed class EngineTelemetry : IDisposable
{
    public const string Name = "MarketingWorkflows";

    public static readonly ActivitySource Source = new(Name);

    private readonly Meter _meter;
    private readonly Counter<long> _commands;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _failures;
    private readonly Counter<long> _integrityFailures;
    private readonly Counter<long> _commits;
    private readonly Counter<long> _commitFailures;
    private readonly Counter<long> _timersDue;
    private readonly Counter<long> _timersLate;
    private readonly Histogram<double> _timerDelay;
    private readonly Counter<long> _retentionRuns;
    private readonly Counter<long> _retentionRemoved;

    public EngineTelemetry(IMeterFactory? meterFactory)
    {
        _meter = meterFactory?.Create(Name) ?? new Meter(Name);
        _commands = _meter.CreateCounter<long>("marketingworkflows.commands", "{command}", "Commands applied, by process and kind.");
        _duration = _meter.CreateHistogram<double>("marketingworkflows.command.duration", "ms", "How long a command took, refused ones included.");
        _failures = _meter.CreateCounter<long>("marketingworkflows.command.failures", "{command}", "Commands refused, by reason.");
        _integrityFailures = _meter.CreateCounter<long>("marketingworkflows.instance.integrity_failures", "{instance}", "Instances read whose row disagrees with their history, by process and field.");
        _commits = _meter.CreateCounter<long>("marketingworkflows.store.commits", "{commit}", "Commits the store saved.");
        _commitFailures = _meter.CreateCounter<long>("marketingworkflows.store.commit_failures", "{commit}", "Commits the store refused or failed, by cause: conflict, storage-full, storage-unavailable, other.");
        _timersDue = _meter.CreateCounter<long>("marketingworkflows.timers.due", "{timer}", "Timers taken to fire because they fell due.");
        _timersLate = _meter.CreateCounter<long>("marketingworkflows.timers.late", "{timer}", "Timers taken more than twice the poll interval after they fell due.");
        _timerDelay = _meter.CreateHistogram<double>("marketingworkflows.timer.delay", "s", "How long after it fell due a timer was taken to fire.");
        _retentionRuns = _meter.CreateCounter<long>("marketingworkflows.retention.runs", "{run}", "Runs of the retention worker, by outcome: ok, failed.");
        _retentionRemoved = _meter.CreateCounter<long>("marketingworkflows.retention.removed", "{record}", "Records the retention worker removed, by kind: idempotency, event.");
    }

    /// <summary>Starts timing a command: a timestamp while anyone listens to the duration histogram, otherwise 0 (no clock read).</summary>
    public long Start() => _duration.Enabled ? Stopwatch.GetTimestamp() : 0;

    public void Applied(string processId, string kind, long started)
    {
        if (!_commands.Enabled && !_duration.Enabled)
        {
            return;
        }

        var tags = new TagList { { "process", processId }, { "kind", kind } };
        _commands.Add(1, tags);
        if (started != 0)
        {
            _duration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, tags);
        }
    }

    public void Failed(string? processId, string kind, string reason, long started)
    {
        _failures.Add(1, new TagList { { "process", processId }, { "kind", kind }, { "reason", reason } });
        if (started != 0)
        {
            _duration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new TagList { { "process", processId }, { "kind", kind } });
        }
    }

    /// <summary>Counts an instance found not to match its history.</summary>
    public void IntegrityFailed(string processId, string field)
        => _integrityFailures.Add(1, new TagList { { "process", processId }, { "field", field } });

    /// <summary>Counts a commit the store saved.</summary>
    public void Committed() => _commits.Add(1);

    /// <summary>Counts a commit that failed, by its cause.</summary>
    public void CommitFailed(Exception exception)
    {
        var cause = exception switch
        {
            StoreConcurrencyException or DuplicateCommandException => "conflict",
            StoreFullException => "storage-full",
            StoreUnavailableException => "storage-unavailable",
            _ => "other",
        };
        _commitFailures.Add(1, new KeyValuePair<string, object?>("cause", cause));
    }

    /// <summary>Counts the timers taken to fire, and how late each was.</summary>
    public void TimersDue(IReadOnlyList<ProcessTimer> due, DateTimeOffset now, TimeSpan pollInterval)
    {
        if (due.Count == 0)
        {
            return;
        }

        _timersDue.Add(due.Count);
        foreach (var timer in due)
        {
            var delay = now - timer.DueAt;
            if (delay < TimeSpan.Zero)
            {
                delay = TimeSpan.Zero;
            }

            _timerDelay.Record(delay.TotalSeconds);
            if (delay > pollInterval * 2)
            {
                _timersLate.Add(1);
            }
        }
    }

    /// <summary>Counts a run of the retention worker.</summary>
    public void RetentionRan(bool succeeded)
        => _retentionRuns.Add(1, new KeyValuePair<string, object?>("outcome", succeeded ? "ok" : "failed"));

    /// <summary>Counts records the retention worker removed.</summary>
    public void RetentionRemoved(string kind, int count)
    {
        if (count > 0)
        {
            _retentionRemoved.Add(count, new KeyValuePair<string, object?>("kind", kind));
        }
    }

    public void Dispose() => _meter.Dispose();
}
