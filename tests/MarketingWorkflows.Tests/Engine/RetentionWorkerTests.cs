using System.Diagnostics.Metrics;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Engine.Internal;
using MarketingWorkflows.Storage;
using static MarketingWorkflows.Processes.CampaignApproval;
using static MarketingWorkflows.Tests.Engine.EngineHarness;

namespace MarketingWorkflows.Tests.Engine;

/// <summary>The retention worker forgets old idempotency keys and delivered events, and the engine's metrics say how the store is doing.</summary>
public sealed class RetentionWorkerTests : IDisposable
{
    private readonly EngineHarness _h = new();
    private readonly SharedMeterFactory _meters = new();
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = [];

    public RetentionWorkerTests()
    {
        _listener.InstrumentPublished = (instrument, l) =>
        {
            if (_meters.Created(instrument.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        _listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        _listener.Start();
    }

    [Fact]
    public async Task The_worker_removes_expired_keys_and_old_delivered_events_a_batch_at_a_time()
    {
        var options = new MarketingWorkflowsOptions { RetentionBatchSize = 2 };
        using var engine = Engine(options);
        var worker = Worker(engine, options);
        var instance = await engine.StartAsync(ProcessId, Campaign(20_000).ToJson(), Ana, idempotencyKey: "start");
        for (var i = 0; i < 4; i++)
        {
            _h.Clock.Advance(TimeSpan.FromMinutes(1));
            await engine.UpdateDataAsync(new DataCommand(instance.Id, Json(new { objective = "o" + i }), Ana) { IdempotencyKey = "d" + i });
        }

        var events = await _h.Store.GetOutboxAsync(OutboxStatus.Pending, 100);
        events.Should().NotBeEmpty();
        await _h.Store.AcknowledgeEventsAsync([.. events.Select(e => e.Event.Id)]);

        _h.Clock.Set(Monday.AddDays(7).AddSeconds(150));
        (await worker.RunOnceAsync(CancellationToken.None)).Should().Be((3, 0), "the start and the first two updates are over seven days old; no event is thirty");
        (await _h.Store.FindCommandAsync("ana", "d1")).Should().BeNull();
        (await _h.Store.FindCommandAsync("ana", "d2")).Should().NotBeNull();

        _h.Clock.Set(Monday.AddDays(31));
        (await worker.RunOnceAsync(CancellationToken.None)).Should().Be((2, events.Count));
        (await _h.Store.GetOutboxAsync(OutboxStatus.Delivered, 100)).Should().BeEmpty();
        Sum("marketingworkflows.retention.removed", ("kind", "idempotency")).Should().Be(5);
        Sum("marketingworkflows.retention.removed", ("kind", "event")).Should().Be(events.Count);
        Sum("marketingworkflows.retention.runs", ("outcome", "ok")).Should().Be(2);
    }

    [Fact]
    public async Task Pending_and_dead_lettered_events_outlive_the_retention()
    {
        var options = new MarketingWorkflowsOptions();
        using var engine = Engine(options);
        var worker = Worker(engine, options);
        await engine.StartAsync(ProcessId, Campaign(20_000).ToJson(), Ana);
        await engine.StartAsync(ProcessId, Campaign(30_000).ToJson(), Ana);
        var events = await _h.Store.GetOutboxAsync(OutboxStatus.Pending, 100);
        events.Count.Should().BeGreaterThanOrEqualTo(2);
        await _h.Store.RecordDeliveryFailureAsync(events[0].Event.Id, "gone", null, []);

        _h.Clock.Set(Monday.AddDays(400));
        (await worker.RunOnceAsync(CancellationToken.None)).Events.Should().Be(0);

        (await _h.Store.GetOutboxAsync(OutboxStatus.DeadLettered, 100)).Should().ContainSingle();
        (await _h.Store.GetOutboxAsync(OutboxStatus.Pending, 100)).Should().HaveCount(events.Count - 1);
    }

    [Fact]
    public async Task A_key_repeated_after_its_record_expired_is_a_new_command()
    {
        var options = new MarketingWorkflowsOptions { IdempotencyRetention = TimeSpan.FromDays(1) };
        using var engine = Engine(options);
        var a = await engine.StartAsync(ProcessId, Campaign(20_000).ToJson(), Ana);
        var b = await engine.StartAsync(ProcessId, Campaign(20_000).ToJson(), Ana);
        await engine.FireAsync(new ProcessCommand(a.Id, Triggers.Submit, Ana) { IdempotencyKey = "k1" });
        var other = () => engine.FireAsync(new ProcessCommand(b.Id, Triggers.Submit, Ana) { IdempotencyKey = "k1" });
        await other.Should().ThrowAsync<IdempotencyKeyReusedException>("the key still stands for the first command");

        _h.Clock.Advance(TimeSpan.FromDays(2));
        await Worker(engine, options).RunOnceAsync(CancellationToken.None);
        (await _h.Store.FindCommandAsync("ana", "k1")).Should().BeNull();
        var applied = await other();

        applied.Replayed.Should().BeFalse();
        applied.Instance.Id.Should().Be(b.Id);
        applied.Instance.State.Should().NotBe(States.Draft);
    }

    [Fact]
    public async Task Commits_are_counted_and_failures_by_cause()
    {
        using var engine = Engine(new MarketingWorkflowsOptions());
        await engine.StartAsync(ProcessId, Campaign(20_000).ToJson(), Ana);
        engine.Telemetry.CommitFailed(new StoreFullException("full"));
        engine.Telemetry.CommitFailed(new StoreUnavailableException("down"));
        engine.Telemetry.CommitFailed(new StoreConcurrencyException(Guid.NewGuid(), 1, 2));
        engine.Telemetry.CommitFailed(new InvalidOperationException("bug"));

        Sum("marketingworkflows.store.commits").Should().Be(1);
        Sum("marketingworkflows.store.commit_failures", ("cause", "storage-full")).Should().Be(1);
        Sum("marketingworkflows.store.commit_failures", ("cause", "storage-unavailable")).Should().Be(1);
        Sum("marketingworkflows.store.commit_failures", ("cause", "conflict")).Should().Be(1);
        Sum("marketingworkflows.store.commit_failures", ("cause", "other")).Should().Be(1);
    }

    [Fact]
    public void Late_timers_are_counted_with_how_late_they_were()
    {
        using var engine = Engine(new MarketingWorkflowsOptions());
        var due = new[]
        {
            new MarketingWorkflows.Instances.ProcessTimer(Guid.NewGuid(), Guid.NewGuid(), "deadline", "Review", Monday, "Escalate"),
            new MarketingWorkflows.Instances.ProcessTimer(Guid.NewGuid(), Guid.NewGuid(), "deadline", "Review", Monday.AddSeconds(9), "Escalate"),
        };

        engine.Telemetry.TimersDue(due, Monday.AddSeconds(10), TimeSpan.FromSeconds(1));

        Sum("marketingworkflows.timers.due").Should().Be(2);
        Sum("marketingworkflows.timers.late").Should().Be(1, "one was ten seconds late, the other one second");
        Values("marketingworkflows.timer.delay").Should().Equal(10, 1);
    }

    [Fact]
    public async Task The_backlog_gauges_report_the_figures_the_store_gave_last()
    {
        var options = new MarketingWorkflowsOptions();
        using var engine = Engine(options);
        using var gauges = new StoreGauges(_h.Store, _h.Clock, _meters);
        await engine.StartAsync(ProcessId, Campaign(20_000).ToJson(), Ana, idempotencyKey: "s1");
        var pending = await _h.Store.GetOutboxAsync(OutboxStatus.Pending, 100);

        _listener.RecordObservableInstruments();
        Values("marketingworkflows.outbox.pending").Should().BeEmpty("nothing was read yet, and a collection does not wait for the store");

        // The first collection started a read in the background; with the in-memory store it may
        // already have finished for the gauges collected after the first, so only what the next
        // collection reports is compared.
        _h.Clock.Advance(TimeSpan.FromMinutes(2));
        await gauges.RefreshAsync(CancellationToken.None);
        _measurements.Clear();
        _listener.RecordObservableInstruments();

        Values("marketingworkflows.outbox.pending").Should().Equal(pending.Count);
        Values("marketingworkflows.outbox.oldest_pending_age").Should().Equal(120);
        Values("marketingworkflows.outbox.dead_lettered").Should().Equal(0);
        Values("marketingworkflows.idempotency.records").Should().Equal(1);
    }

    [Theory]
    [InlineData(nameof(MarketingWorkflowsOptions.DeliveredEventRetention), "1 minute to 3,650 days")]
    [InlineData(nameof(MarketingWorkflowsOptions.RetentionInterval), "1 second to 1 day")]
    [InlineData(nameof(MarketingWorkflowsOptions.RetentionBatchSize), "1 to 100,000")]
    public void A_retention_setting_out_of_range_is_refused_with_its_range(string setting, string range)
    {
        var options = new MarketingWorkflowsOptions();
        switch (setting)
        {
            case nameof(MarketingWorkflowsOptions.DeliveredEventRetention):
                options.DeliveredEventRetention = TimeSpan.FromSeconds(59);
                break;
            case nameof(MarketingWorkflowsOptions.RetentionInterval):
                options.RetentionInterval = TimeSpan.FromDays(2);
                break;
            default:
                options.RetentionBatchSize = 0;
                break;
        }

        options.Validate().Should().ContainSingle().Which.Should().Contain(setting).And.Contain(range);
        var defaults = new MarketingWorkflowsOptions();
        (defaults.IdempotencyRetention, defaults.DeliveredEventRetention, defaults.RetentionInterval, defaults.RetentionBatchSize)
            .Should().Be((TimeSpan.FromDays(7), TimeSpan.FromDays(30), TimeSpan.FromMinutes(5), 500));
    }

    [Fact]
    public void Delivered_events_kept_for_less_time_than_idempotency_keys_are_refused_naming_both_settings()
    {
        // A replay answers with the command's events from the outbox: they must outlive its key.
        var options = new MarketingWorkflowsOptions { IdempotencyRetention = TimeSpan.FromDays(10), DeliveredEventRetention = TimeSpan.FromDays(9) };

        var problem = options.Validate().Should().ContainSingle().Subject;
        problem.Should().Contain("DeliveredEventRetention (9.00:00:00)").And.Contain("IdempotencyRetention (10.00:00:00)").And.Contain("Raise DeliveredEventRetention or lower IdempotencyRetention");
        var engine = () => new ProcessEngine(_h.Registry, _h.Store, options, _h.Clock);
        engine.Should().Throw<ArgumentException>().WithMessage("*DeliveredEventRetention*IdempotencyRetention*");
        new MarketingWorkflowsOptions { IdempotencyRetention = TimeSpan.FromDays(30), DeliveredEventRetention = TimeSpan.FromDays(30) }.Validate().Should().BeEmpty("equal retentions are enough");
    }

    public void Dispose()
    {
        _listener.Dispose();
        _meters.Dispose();
    }

    private ProcessEngine Engine(MarketingWorkflowsOptions options)
        => new(_h.Registry, _h.Store, options, _h.Clock, _h.Users, meterFactory: _meters);

    private RetentionWorker Worker(ProcessEngine engine, MarketingWorkflowsOptions options)
        => new(_h.Store, _h.Store, engine, new StoreGauges(_h.Store, _h.Clock, _meters), options, _h.Clock);

    private void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct
    {
        lock (_measurements)
        {
            _measurements.Add((instrument.Name, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));
        }
    }

    private double Sum(string instrument, (string Key, string Value)? tag = null)
    {
        lock (_measurements)
        {
            return _measurements.Where(m => m.Instrument == instrument && (tag is not { } t || Equals(m.Tags.GetValueOrDefault(t.Key), t.Value))).Sum(m => m.Value);
        }
    }

    private List<double> Values(string instrument)
    {
        lock (_measurements)
        {
            return [.. _measurements.Where(m => m.Instrument == instrument).Select(m => m.Value)];
        }
    }

    /// <summary>Hands out one meter per name, as the host's factory does, and remembers which it made.</summary>
    private sealed class SharedMeterFactory : IMeterFactory
    {
        private readonly Dictionary<string, Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            lock (_meters)
            {
                if (!_meters.TryGetValue(options.Name, out var meter))
                {
                    meter = new Meter(options);
                    _meters[options.Name] = meter;
                }

                return meter;
            }
        }

        public bool Created(Meter meter)
        {
            lock (_meters)
            {
                return _meters.ContainsValue(meter);
            }
        }

        public void Dispose()
        {
            foreach (var meter in _meters.Values)
            {
                meter.Dispose();
            }
        }
    }
}
