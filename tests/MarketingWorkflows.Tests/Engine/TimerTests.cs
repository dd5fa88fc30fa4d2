using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine.Internal;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage;

namespace MarketingWorkflows.Tests.Engine;

public sealed class TimerTests
{
    private static readonly Actor Olga = new("olga", "owner");

    public static ProcessDefinition Expiring(string onTimeout = "\"onTimeout\": \"Expire\", ") => ProcessDefinitionLoader.Json.Load($$"""
        {
          "id": "expiring", "version": 1,
          "data": [ { "name": "owner", "type": "string", "required": true } ],
          "triggers": [ { "name": "Expire" }, { "name": "Finish" }, { "name": "Nudge" } ],
          "states": [
            {
              "name": "Waiting", "initial": true,
              "deadline": { "duration": "2h", "remindBefore": ["1h"], {{onTimeout}}"remindAt": true },
              "transitions": [ { "trigger": "Expire", "to": "Expired" }, { "trigger": "Finish", "to": "Done" } ]
            },
            { "name": "Expired", "terminal": true },
            { "name": "Done", "terminal": true }
          ]
        }
        """, "expiring.json").GetDefinitionOrThrow();

    [Fact]
    public async Task A_deadline_fires_its_timeout_trigger_once_as_the_system()
    {
        var h = new EngineHarness(Expiring());
        var instance = await h.Engine.StartAsync("expiring", EngineHarness.Json(new { owner = "olga" }), Olga);
        (await h.Store.GetTimersAsync(instance.Id)).Select(t => t.Kind).Should().BeEquivalentTo(["reminder", "reminder", "deadline"]);

        h.Clock.Advance(TimeSpan.FromHours(3));
        var worker = Worker(h);
        await worker.RunOnceAsync(CancellationToken.None);
        await worker.RunOnceAsync(CancellationToken.None);

        var read = await h.Engine.GetAsync(instance.Id);
        read.State.Should().Be("Expired");
        var history = await h.Engine.GetHistoryAsync(instance.Id);
        history.Where(e => e.Trigger == "Expire").Should().ContainSingle().Which.Actor.Should().Be("system");
        history.Last().Kind.Should().Be(HistoryKind.Deadline);
        (await h.Store.GetTimersAsync(instance.Id)).Should().BeEmpty("leaving the state cancels its timers");
        (await h.Engine.VerifyHistoryAsync(instance.Id)).IsValid.Should().BeTrue();
    }

    [Fact]
    public async Task A_reminder_is_recorded_and_announced_without_changing_the_state()
    {
        var h = new EngineHarness(Expiring());
        var instance = await h.Engine.StartAsync("expiring", EngineHarness.Json(new { owner = "olga" }), Olga);

        h.Clock.Advance(TimeSpan.FromMinutes(90));
        await Worker(h).RunOnceAsync(CancellationToken.None);

        var read = await h.Engine.GetAsync(instance.Id);
        read.State.Should().Be("Waiting");
        (await h.Engine.GetHistoryAsync(instance.Id)).Last().Comment.Should().StartWith("reminder");
        (await h.Store.GetPendingEventsAsync(10)).Select(e => e.Type).Should().Contain("marketingworkflows.expiring.reminder-due");
        (await h.Store.GetTimersAsync(instance.Id)).Should().HaveCount(2, "the reminder at the deadline and the deadline remain");
    }

    [Fact]
    public async Task A_reminder_overtaken_while_the_host_was_down_is_recorded_but_not_sent()
    {
        var h = new EngineHarness(Expiring(onTimeout: string.Empty));
        var instance = await h.Engine.StartAsync("expiring", EngineHarness.Json(new { owner = "olga" }), Olga);

        // Down from before the first reminder (1 h) until after the deadline (2 h).
        h.Clock.Advance(TimeSpan.FromHours(5));
        var worker = Worker(h);
        await worker.RunOnceAsync(CancellationToken.None);
        await worker.RunOnceAsync(CancellationToken.None);

        var history = await h.Engine.GetHistoryAsync(instance.Id);
        history.Where(e => e.Kind == HistoryKind.Deadline).Select(e => e.Decision).Should().Equal(
            ["reminder-skipped", "reminder", "deadline-passed"],
            "the reminder an hour before is stale; the one at the deadline goes before the deadline it shares a moment with");
        history.Single(e => e.Decision == "reminder-skipped").Comment.Should().Contain("not sent").And.Contain("due");
        (await h.Store.GetPendingEventsAsync(20)).Count(e => e.Type == "marketingworkflows.expiring.reminder-due").Should().Be(1);
        (await h.Engine.VerifyHistoryAsync(instance.Id)).IsValid.Should().BeTrue();
    }

    [Fact]
    public async Task A_late_reminder_with_nothing_after_it_due_is_still_sent()
    {
        var h = new EngineHarness(Expiring());
        var instance = await h.Engine.StartAsync("expiring", EngineHarness.Json(new { owner = "olga" }), Olga);

        h.Clock.Advance(TimeSpan.FromMinutes(110));
        await Worker(h).RunOnceAsync(CancellationToken.None);

        (await h.Engine.GetHistoryAsync(instance.Id)).Last().Decision.Should().Be("reminder");
        (await h.Store.GetPendingEventsAsync(20)).Should().Contain(e => e.Type == "marketingworkflows.expiring.reminder-due");
    }

    [Fact]
    public async Task A_timer_of_a_state_the_instance_has_left_changes_nothing()
    {
        var h = new EngineHarness(Expiring());
        var instance = await h.Engine.StartAsync("expiring", EngineHarness.Json(new { owner = "olga" }), Olga);
        var timers = await h.Store.GetTimersAsync(instance.Id);
        await h.FireAsync(instance.Id, "Finish", Olga);

        var result = await h.Engine.FireTimerAsync(timers.Single(t => t.Kind == "deadline"));

        result.Events.Should().BeEmpty();
        (await h.Engine.GetAsync(instance.Id)).State.Should().Be("Done");
        (await h.Engine.GetHistoryAsync(instance.Id)).Should().HaveCount(2);
    }

    [Fact]
    public async Task A_deadline_without_a_timeout_trigger_is_recorded_and_announced()
    {
        var h = new EngineHarness(Expiring(onTimeout: string.Empty));
        var instance = await h.Engine.StartAsync("expiring", EngineHarness.Json(new { owner = "olga" }), Olga);

        h.Clock.Advance(TimeSpan.FromHours(3));
        await Worker(h).RunOnceAsync(CancellationToken.None);

        (await h.Engine.GetAsync(instance.Id)).State.Should().Be("Waiting");
        (await h.Store.GetPendingEventsAsync(20)).Select(e => e.Type).Should().Contain("marketingworkflows.expiring.deadline-passed");
        (await h.Store.GetTimersAsync(instance.Id)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_failing_timer_is_postponed_with_growing_delays_then_dropped_without_holding_up_others()
    {
        var h = new EngineHarness(Expiring());
        var good = await h.Engine.StartAsync("expiring", EngineHarness.Json(new { owner = "olga" }), Olga);

        // A timer whose instance cannot be found fails every time it is fired.
        var missing = new ProcessTimer(Guid.NewGuid(), Guid.NewGuid(), "deadline", "Waiting", EngineHarness.Monday, "Expire");
        var holder = await h.Engine.StartAsync("expiring", EngineHarness.Json(new { owner = "olga" }), Olga);
        await h.Store.CommitAsync(new InstanceCommit(holder with { Version = 2 }, 1, [], [missing], [], null));
        var options = new MarketingWorkflowsOptions { MaxAttempts = 3, RetryDelay = TimeSpan.FromMinutes(1) };

        h.Clock.Advance(TimeSpan.FromHours(3));
        var worker = Worker(h, options);
        await worker.RunOnceAsync(CancellationToken.None);

        (await h.Engine.GetAsync(good.Id)).State.Should().Be("Expired", "the other timers fire");
        var postponed = (await h.Store.GetDueTimersAsync(DateTimeOffset.MaxValue, 10)).Single(t => t.Id == missing.Id);
        postponed.Attempts.Should().Be(1);
        postponed.DueAt.Should().Be(h.Clock.GetUtcNow() + TimeSpan.FromMinutes(1));

        h.Clock.Advance(TimeSpan.FromMinutes(1));
        await worker.RunOnceAsync(CancellationToken.None);
        (await h.Store.GetDueTimersAsync(DateTimeOffset.MaxValue, 10)).Single(t => t.Id == missing.Id).DueAt.Should().Be(h.Clock.GetUtcNow() + TimeSpan.FromMinutes(2));

        h.Clock.Advance(TimeSpan.FromMinutes(2));
        await worker.RunOnceAsync(CancellationToken.None);
        (await h.Store.GetDueTimersAsync(DateTimeOffset.MaxValue, 10)).Should().NotContain(t => t.Id == missing.Id, "it failed three times");
    }

    internal static TimerWorker Worker(EngineHarness h, MarketingWorkflowsOptions? options = null)
        => new(h.Engine, h.Store, null, options ?? new MarketingWorkflowsOptions(), h.Clock);
}
