using MarketingWorkflows.Engine;
using MarketingWorkflows.Engine.Internal;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage;

namespace MarketingWorkflows.Tests.Engine;

public sealed class EventDispatcherTests
{
    private static readonly Actor Olga = new("olga", "owner");

    [Fact]
    public async Task Events_are_delivered_in_order_per_instance_and_then_shown_as_delivered()
    {
        var h = new EngineHarness(TimerTests.Expiring());
        var handler = new RecordingHandler();
        var first = await h.Engine.StartAsync("expiring", EngineHarness.Json(new { owner = "olga" }), Olga);
        var second = await h.Engine.StartAsync("expiring", EngineHarness.Json(new { owner = "olga" }), Olga);
        await h.FireAsync(first.Id, "Finish", Olga);

        await Dispatcher(h, handler).RunOnceAsync(CancellationToken.None);

        handler.Seen.Where(e => e.InstanceId == first.Id).Select(e => e.Type).Should().Equal("marketingworkflows.expiring.started", "marketingworkflows.expiring.done");
        handler.Seen.Should().Contain(e => e.InstanceId == second.Id);
        (await h.Store.GetPendingEventsAsync(10)).Should().BeEmpty();
        (await h.Store.GetOutboxAsync(OutboxStatus.Delivered, 10)).Should().HaveCount(3);
    }

    [Fact]
    public async Task A_failing_handler_holds_back_only_its_instance_then_dead_letters_and_the_event_can_be_replayed()
    {
        var h = new EngineHarness(TimerTests.Expiring());
        var handler = new RecordingHandler();
        var stuck = await h.Engine.StartAsync("expiring", EngineHarness.Json(new { owner = "stuck" }), Olga);
        await h.FireAsync(stuck.Id, "Finish", Olga);
        var fine = await h.Engine.StartAsync("expiring", EngineHarness.Json(new { owner = "olga" }), Olga);
        handler.FailFor = stuck.Id;
        var options = new MarketingWorkflowsOptions { MaxAttempts = 2, RetryDelay = TimeSpan.FromMinutes(1) };
        var dispatcher = Dispatcher(h, handler, options);

        await dispatcher.RunOnceAsync(CancellationToken.None);

        handler.Seen.Should().ContainSingle(e => e.InstanceId == fine.Id, "other instances' events flow");
        handler.Seen.Should().NotContain(e => e.InstanceId == stuck.Id);
        var waiting = (await h.Store.GetOutboxAsync(OutboxStatus.Pending, 10)).Where(e => e.Event.InstanceId == stuck.Id).ToList();
        waiting.Select(e => e.Attempts).Should().Equal([1, 0], "the later event waits behind the failed one");
        waiting[0].NextAttemptAt.Should().Be(h.Clock.GetUtcNow() + TimeSpan.FromMinutes(1));

        await dispatcher.RunOnceAsync(CancellationToken.None);
        (await h.Store.GetOutboxAsync(OutboxStatus.Pending, 10)).Where(e => e.Event.InstanceId == stuck.Id).Select(e => e.Attempts).Should().Equal([1, 0], "not yet due for a retry");

        h.Clock.Advance(TimeSpan.FromMinutes(1));
        await dispatcher.RunOnceAsync(CancellationToken.None);
        var dead = (await h.Store.GetOutboxAsync(OutboxStatus.DeadLettered, 10)).ToList();
        dead.Should().ContainSingle().Which.LastError.Should().Contain("handler is down");
        (await h.Store.GetOutboxAsync(OutboxStatus.Pending, 10)).Should().ContainSingle(e => e.Event.InstanceId == stuck.Id)
            .Which.Attempts.Should().Be(1, "once the first is given up, the next event of the instance goes, and fails");
        (await h.Engine.GetAsync(stuck.Id)).State.Should().Be("Done", "a handler's failure never undoes the command");

        handler.FailFor = null;
        (await h.Store.ReplayEventAsync(dead[0].Event.Id)).Should().BeTrue();
        await dispatcher.RunOnceAsync(CancellationToken.None);
        handler.Seen.Should().ContainSingle(e => e.Id == dead[0].Event.Id);
        (await h.Store.GetOutboxAsync(OutboxStatus.Delivered, 10)).Should().Contain(e => e.Event.Id == dead[0].Event.Id);
    }

    [Fact]
    public async Task A_retry_after_one_handler_failed_goes_only_to_the_handlers_that_did_not_receive_the_event()
    {
        var h = new EngineHarness(TimerTests.Expiring());
        var crm = new RecordingHandler();
        var chat = new RecordingHandler();
        var audit = new RecordingHandler();
        var instance = await h.Engine.StartAsync("expiring", EngineHarness.Json(new { owner = "olga" }), Olga);
        chat.FailFor = instance.Id;
        var dispatcher = new EventDispatcher(h.Store, [crm, chat, audit], null, new MarketingWorkflowsOptions { RetryDelay = TimeSpan.FromMinutes(1) }, h.Clock);

        await dispatcher.RunOnceAsync(CancellationToken.None);

        var waiting = (await h.Store.GetOutboxAsync(OutboxStatus.Pending, 10)).Single();
        waiting.HandledBy.Should().Equal(typeof(RecordingHandler).FullName);
        crm.Seen.Should().ContainSingle();
        audit.Seen.Should().BeEmpty("handlers run in order and the one before it failed");

        chat.FailFor = null;
        h.Clock.Advance(TimeSpan.FromMinutes(1));
        await dispatcher.RunOnceAsync(CancellationToken.None);

        crm.Seen.Should().ContainSingle("it had the event already");
        chat.Seen.Should().ContainSingle();
        audit.Seen.Should().ContainSingle();
        (await h.Store.GetOutboxAsync(OutboxStatus.Delivered, 10)).Should().ContainSingle();
    }

    [Fact]
    public async Task Handlers_of_one_type_registered_twice_are_told_apart()
    {
        var h = new EngineHarness(TimerTests.Expiring());
        var dispatcher = new EventDispatcher(h.Store, [new RecordingHandler(), new RecordingHandler()], null, new MarketingWorkflowsOptions(), h.Clock);

        dispatcher.HandlerNames.Should().Equal(typeof(RecordingHandler).FullName, typeof(RecordingHandler).FullName + "#2");
    }

    [Fact]
    public async Task A_dispatcher_behind_claims_larger_batches_until_it_has_caught_up()
    {
        var h = await StartedAsync(40);
        var handler = new RecordingHandler();

        var dispatcher = Dispatcher(h, handler, new MarketingWorkflowsOptions { BatchSize = 2 });
        var batches = new List<int>();
        for (var i = 0; i < 6; i++)
        {
            batches.Add(await dispatcher.RunOnceAsync(CancellationToken.None));
        }

        batches.Should().Equal([2, 4, 8, 16, 10, 0], "each full batch doubles the next claim, up to eight times BatchSize");
        dispatcher.ClaimSize.Should().Be(2, "a batch less than half full brings the claim back to BatchSize");
        handler.Seen.Should().HaveCount(40).And.OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task A_dispatcher_whose_batches_are_slow_against_the_lease_keeps_to_BatchSize()
    {
        var h = await StartedAsync(20);
        var handler = new RecordingHandler();

        var dispatcher = Dispatcher(h, handler, new MarketingWorkflowsOptions { BatchSize = 2, ClaimLease = TimeSpan.FromSeconds(30) });
        await dispatcher.RunOnceAsync(CancellationToken.None);
        dispatcher.ClaimSize.Should().Be(4);

        handler.WhileHandling = () => Advance(h.Clock, TimeSpan.FromSeconds(1));
        (await dispatcher.RunOnceAsync(CancellationToken.None)).Should().Be(4);
        dispatcher.ClaimSize.Should().Be(4, "a full batch that took 4 s of a 30 s lease is not grown");

        handler.WhileHandling = () => Advance(h.Clock, TimeSpan.FromSeconds(2));
        await dispatcher.RunOnceAsync(CancellationToken.None);
        dispatcher.ClaimSize.Should().Be(2, "a batch that took 8 s, over a quarter of the lease, goes back to BatchSize");
    }

    /// <summary>A harness with <paramref name="instances"/> instances started, each with its first event pending.</summary>
    private static async Task<EngineHarness> StartedAsync(int instances)
    {
        var h = new EngineHarness(TimerTests.Expiring());
        for (var i = 0; i < instances; i++)
        {
            await h.Engine.StartAsync("expiring", EngineHarness.Json(new { owner = "olga" }), Olga);
        }

        return h;
    }

    private static void Advance(ManualClock clock, TimeSpan by)
    {
        // Handlers of different instances run in parallel.
        lock (clock)
        {
            clock.Advance(by);
        }
    }

    private static EventDispatcher Dispatcher(EngineHarness h, IProcessEventHandler handler, MarketingWorkflowsOptions? options = null)
        => new(h.Store, [handler], null, options ?? new MarketingWorkflowsOptions(), h.Clock);

    private sealed class RecordingHandler : IProcessEventHandler
    {
        private readonly List<ProcessEvent> _seen = [];

        public Guid? FailFor { get; set; }

        public Action? WhileHandling { get; set; }

        public IReadOnlyList<ProcessEvent> Seen
        {
            get
            {
                lock (_seen)
                {
                    return [.. _seen];
                }
            }
        }

        public Task HandleAsync(ProcessEvent processEvent, CancellationToken cancellationToken)
        {
            if (processEvent.InstanceId == FailFor)
            {
                throw new InvalidOperationException("the handler is down");
            }

            WhileHandling?.Invoke();

            lock (_seen)
            {
                _seen.Add(processEvent);
            }

            return Task.CompletedTask;
        }
    }
}
