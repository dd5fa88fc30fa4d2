using System;
using System.Diagnostics;
using System.Diagnostics.Metrics;

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

    public EngineTelemetry(IMeterFactory? meterFactory)
    {
        _meter = meterFactory?.Create(Name) ?? new Meter(Name);
        _commands = _meter.CreateCounter<long>("marketingworkflows.commands", "{command}", "Commands applied, by process and kind.");
        _duration = _meter.CreateHistogram<double>("marketingworkflows.command.duration", "ms", "How long a command took, refused ones included.");
        _failures = _meter.CreateCounter<long>("marketingworkflows.command.failures", "{command}", "Commands refused, by reason.");
        _integrityFailures = _meter.CreateCounter<long>("marketingworkflows.instance.integrity_failures", "{instance}", "Instances read whose row disagrees with their history, by process and field.");
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

    public void Dispose() => _meter.Dispose();
}
