using System.Text.Json;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage;

namespace MarketingWorkflows.Tests.Storage;

public sealed class InMemoryProcessStoreTests : ProcessStoreContract
{
    protected override Task<IProcessStore> CreateStoreAsync() => Task.FromResult<IProcessStore>(new InMemoryProcessStore());

    [Fact]
    public async Task Long_interleaved_histories_and_events_read_back_field_for_field()
    {
        var store = new InMemoryProcessStore();
        var ids = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToArray();
        var written = ids.ToDictionary(id => id, _ => new List<HistoryEntry>());
        var events = new List<ProcessEvent>();
        var at = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.FromHours(2));
        for (var version = 1; version <= 400; version++)
        {
            foreach (var id in ids)
            {
                var entry = new HistoryEntry
                {
                    InstanceId = id,
                    Sequence = version,
                    Kind = (HistoryKind)(version % 7),
                    Trigger = version % 3 == 0 ? null : "Approve",
                    Decision = version % 2 == 0 ? "approved" : null,
                    Actor = "zoë",
                    OnBehalfOf = version % 5 == 0 ? "ana" : null,
                    FromState = "Review",
                    ToState = "Approved ✓",
                    // Every 100th entry is larger than a whole chunk of the log.
                    Comment = version % 100 == 0 ? new string('x', 300_000) : version % 4 == 0 ? null : "ok " + version,
                    Arguments = version % 2 == 0 ? JsonSerializer.SerializeToElement(new { n = version, text = "é" }) : null,
                    DataRevision = version * 3,
                    DefinitionVersion = 2,
                    At = at.AddMinutes(version),
                    SelfApproval = version % 9 == 0,
                    PreviousHash = "h" + (version - 1),
                    Hash = "h" + version,
                };
                var processEvent = new ProcessEvent(Guid.NewGuid(), "marketingworkflows.campaign-approval.approved", "campaign-approval", id, version, at.AddMinutes(version), JsonSerializer.SerializeToElement(new { version }));
                await store.CommitAsync(new InstanceCommit(ProcessStoreContract.Instance(id, version), version == 1 ? null : version - 1, [entry], null, [processEvent], null));
                written[id].Add(entry);
                events.Add(processEvent);
            }
        }

        foreach (var id in ids)
        {
            var read = await store.GetHistoryAsync(id);
            read.Should().HaveCount(400);
            for (var i = 0; i < read.Count; i++)
            {
                var expected = written[id][i];
                read[i].Should().BeEquivalentTo(expected, o => o.Excluding(e => e.Arguments));
                read[i].At.Offset.Should().Be(TimeSpan.FromHours(2));
                read[i].Arguments?.GetRawText().Should().Be(expected.Arguments?.GetRawText());
                (read[i].Arguments is null).Should().Be(expected.Arguments is null);
            }
        }

        var pending = await store.GetPendingEventsAsync(int.MaxValue);
        pending.Should().Equal(events);
        await store.AcknowledgeEventsAsync([.. events.Take(10).Select(e => e.Id)]);
        (await store.GetPendingEventsAsync(1)).Should().Equal(events[10]);
        (await store.GetOutboxAsync(OutboxStatus.Delivered, 100)).Select(e => e.Event).Should().Equal(events.Take(10));
    }

    [Fact]
    public async Task Commits_on_many_instances_at_once_keep_every_entry_and_event_in_order_while_others_read()
    {
        var store = new InMemoryProcessStore();
        var ids = Enumerable.Range(0, 8).Select(_ => Guid.NewGuid()).ToArray();
        using var done = new CancellationTokenSource();
        var delivered = new List<ProcessEvent>();
        var reader = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                foreach (var id in ids)
                {
                    var history = await store.GetHistoryAsync(id);
                    history.Select(h => h.Sequence).Should().Equal(Enumerable.Range(1, history.Count).Select(i => (long)i));
                }

                var pending = await store.GetPendingEventsAsync(50);
                delivered.AddRange(pending);
                await store.AcknowledgeEventsAsync([.. pending.Select(e => e.Id)]);
            }
        });

        await Task.WhenAll(ids.Select(id => Task.Run(async () =>
        {
            for (var version = 1; version <= 300; version++)
            {
                await store.CommitAsync(ProcessStoreContract.Commit(ProcessStoreContract.Instance(id, version), version == 1 ? null : version - 1, version, events: 1));
            }
        })));
        await done.CancelAsync();
        await reader;
        delivered.AddRange(await store.GetPendingEventsAsync(int.MaxValue));

        delivered.Should().HaveCount(8 * 300).And.OnlyHaveUniqueItems(e => e.Id);
        foreach (var id in ids)
        {
            (await store.GetHistoryAsync(id)).Select(h => h.Hash).Should().Equal(Enumerable.Range(1, 300).Select(i => "h" + i));
            delivered.Where(e => e.InstanceId == id).Select(e => e.InstanceVersion).Should().Equal(Enumerable.Range(1, 300).Select(i => (long)i));
        }
    }
}
