using System.Diagnostics.Metrics;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Processes;
using MarketingWorkflows.Storage;
using Microsoft.Extensions.Logging;

namespace MarketingWorkflows.Tests.Engine;

public sealed class InstanceIntegrityTests
{
    [Fact]
    public async Task A_forged_row_is_logged_as_an_error_and_counted_by_process_and_field()
    {
        var store = new InMemoryProcessStore();
        var logger = new ListLogger();
        using var meters = new OwnMeterFactory();
        var measurements = new List<(string Instrument, long Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, meters.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            lock (measurements)
            {
                measurements.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));
            }
        });
        listener.Start();
        var h = new EngineHarness();
        using var engine = new ProcessEngine(h.Registry, store, timeProvider: h.Clock, logger: logger, meterFactory: meters);
        var instance = await engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(10_000).ToJson(), EngineHarness.Ana);
        await engine.FireAsync(new ProcessCommand(instance.Id, CampaignApproval.Triggers.Submit, EngineHarness.Ana));
        store.OverwriteInstance((await store.GetAsync(instance.Id))! with { State = CampaignApproval.States.Approved });

        var fire = () => engine.FireAsync(new ProcessCommand(instance.Id, CampaignApproval.Triggers.Cancel, EngineHarness.Ana) { Comment = "x", Arguments = EngineHarness.Json(new { reason = "x" }) });
        await fire.Should().ThrowAsync<InstanceIntegrityException>();

        var counted = measurements.Where(m => m.Instrument == "marketingworkflows.instance.integrity_failures").Should().ContainSingle().Subject;
        counted.Value.Should().Be(1);
        counted.Tags.Should().Contain(new KeyValuePair<string, object?>("process", CampaignApproval.ProcessId)).And.Contain(new KeyValuePair<string, object?>("field", "state"));
        measurements.Should().Contain(m => m.Instrument == "marketingworkflows.command.failures" && (string?)m.Tags["reason"] == "InstanceIntegrity");
        logger.Entries.Should().Contain(e => e.Level == LogLevel.Error && e.EventId == 5
            && e.Message.Contains(instance.Id.ToString(), StringComparison.Ordinal) && e.Message.Contains("(state)", StringComparison.Ordinal) && e.Message.Contains("restored from a backup", StringComparison.Ordinal));
    }

    private sealed class OwnMeterFactory : IMeterFactory
    {
        public Meter? Meter { get; private set; }

        public Meter Create(MeterOptions options) => Meter = new Meter(options);

        public void Dispose() => Meter?.Dispose();
    }
}
