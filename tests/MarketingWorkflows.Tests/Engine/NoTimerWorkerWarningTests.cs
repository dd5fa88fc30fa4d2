using MarketingWorkflows.Engine;
using MarketingWorkflows.Engine.Internal;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage;
using Microsoft.Extensions.Logging;

namespace MarketingWorkflows.Tests.Engine;

/// <summary>An engine with no timer worker (built without a generic host) says so once a timer it scheduled falls due.</summary>
public sealed class NoTimerWorkerWarningTests
{
    private static readonly Actor Olga = new("olga", "owner");

    [Fact]
    public async Task A_timer_falling_due_with_no_worker_running_is_warned_about_once()
    {
        var (engine, clock, logger, _) = Create(new MarketingWorkflowsOptions());
        await engine.StartAsync("expiring", EngineHarness.Json(new { owner = "olga" }), Olga);
        await engine.StartAsync("expiring", EngineHarness.Json(new { owner = "olga" }), Olga);
        Warnings(logger).Should().BeEmpty("no timer is due yet");

        clock.Advance(TimeSpan.FromHours(3));
        await engine.StartAsync("expiring", EngineHarness.Json(new { owner = "olga" }), Olga);
        await engine.StartAsync("expiring", EngineHarness.Json(new { owner = "olga" }), Olga);

        Warnings(logger).Should().ContainSingle().Which.Should().Contain("no timer worker runs").And.Contain("generic host");
    }

    [Fact]
    public async Task No_warning_when_a_timer_worker_runs_or_another_process_runs_the_workers()
    {
        var (engine, clock, logger, store) = Create(new MarketingWorkflowsOptions());
        using var worker = new TimerWorker(engine, store, null, new MarketingWorkflowsOptions(), clock);
        await worker.StartAsync(CancellationToken.None);
        for (var waited = 0; !engine.TimerWorkerRuns && waited < 500; waited++)
        {
            await Task.Delay(10); // the host starts the worker's loop in the background
        }

        await worker.StopAsync(CancellationToken.None);
        engine.TimerWorkerRuns.Should().BeTrue("the worker's loop started");
        await engine.StartAsync("expiring", EngineHarness.Json(new { owner = "olga" }), Olga);
        clock.Advance(TimeSpan.FromHours(3));
        await engine.StartAsync("expiring", EngineHarness.Json(new { owner = "olga" }), Olga);

        var (elsewhere, elsewhereClock, elsewhereLogger, _) = Create(new MarketingWorkflowsOptions { RunBackgroundWorkers = false });
        await elsewhere.StartAsync("expiring", EngineHarness.Json(new { owner = "olga" }), Olga);
        elsewhereClock.Advance(TimeSpan.FromHours(3));
        await elsewhere.StartAsync("expiring", EngineHarness.Json(new { owner = "olga" }), Olga);

        Warnings(logger).Should().BeEmpty("the timer worker of this process fires the timers");
        Warnings(elsewhereLogger).Should().BeEmpty("the workers run in another process");
    }

    private static (ProcessEngine Engine, ManualClock Clock, ListLogger Logger, InMemoryProcessStore Store) Create(MarketingWorkflowsOptions options)
    {
        var h = new EngineHarness(TimerTests.Expiring());
        var logger = new ListLogger();
        return (new ProcessEngine(h.Registry, h.Store, options, h.Clock, logger: logger), h.Clock, logger, h.Store);
    }

    private static List<string> Warnings(ListLogger logger) => [.. logger.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message)];

}
