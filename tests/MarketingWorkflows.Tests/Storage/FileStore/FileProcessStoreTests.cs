using System.Text.Json;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage;

namespace MarketingWorkflows.Tests.Storage.FileStore;

/// <summary>The store contract on the JSON file store, each test on a store in a fresh folder.</summary>
public sealed class FileProcessStoreTests : ProcessStoreContract, IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    protected override Task<IProcessStore> CreateStoreAsync() => Task.FromResult<IProcessStore>(new FileProcessStore(_folder.NewStoreFolder()));

    [Fact]
    public async Task A_store_opened_again_on_the_folder_reads_back_everything_field_for_field()
    {
        var root = _folder.NewStoreFolder();
        var store = new FileProcessStore(root);
        var id = Guid.NewGuid();
        var instance = Instance(id, 1) with { Data = JsonSerializer.SerializeToElement(new { name = "Spring ünïcode <&> \"quoted\"", budget = 12.50m, tags = new[] { "a" } }) };
        var commit = Commit(instance, null, 1, 3, timers: [Timer(id, "Draft")], events: 2, key: "k1");
        await store.CommitAsync(commit);
        await store.SaveDelegationAsync(new Delegation("fiona", "frank", new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 14)) { Roles = ["finance"], ProcessId = "campaign-approval" });

        var reopened = new FileProcessStore(root);

        var read = (await reopened.GetAsync(id))!;
        read.Should().BeEquivalentTo(instance, o => o.Excluding(i => i.Data));
        read.Data.GetRawText().Should().Be(instance.Data.GetRawText());
        var history = await reopened.GetHistoryAsync(id);
        history.Should().BeEquivalentTo(commit.History, o => o.Excluding(e => e.Arguments).WithStrictOrdering());
        history.Select(e => e.Arguments!.Value.GetRawText()).Should().Equal(commit.History.Select(e => e.Arguments!.Value.GetRawText()));
        (await reopened.GetLastHistoryEntryAsync(id))!.Sequence.Should().Be(3);
        (await reopened.GetTimersAsync(id)).Should().Equal(commit.Timers);
        (await reopened.GetPendingEventsAsync(10)).Should().Equal(commit.Events, "an event read back has the same data, byte for byte");
        (await reopened.FindCommandAsync("ana", "k1")).Should().Be(new RecordedCommand(commit.Idempotency!, id, 1));
        (await reopened.GetEventsAsync(id, 1)).Should().Equal(commit.Events);
        (await reopened.GetDelegationsAsync("frank")).Should().ContainSingle().Which.Should().BeEquivalentTo(new { Delegator = "fiona", Roles = new[] { "finance" }, ProcessId = "campaign-approval", To = new DateOnly(2026, 11, 14) });
    }

    [Fact]
    public async Task Files_are_written_whole_and_leave_no_temporary_files_behind()
    {
        var root = _folder.NewStoreFolder();
        var store = new FileProcessStore(root);
        var id = Guid.NewGuid();
        await store.CommitAsync(Commit(Instance(id, 1), null, 1, events: 2, key: "k"));
        await store.CommitAsync(Commit(Instance(id, 2), 1, 2, timers: [Timer(id, "Draft")]));
        var due = await store.GetDueTimersAsync(T0.AddDays(1), 10);
        await store.PostponeTimerAsync(due[0].Id, T0.AddDays(2));
        await store.AcknowledgeEventsAsync([.. (await store.GetPendingEventsAsync(1)).Select(e => e.Id)]);

        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Select(Path.GetFileName).Should().NotContain(n => n!.EndsWith(".tmp", StringComparison.Ordinal));
        File.Exists(store.InstancePath(id)).Should().BeTrue();
        Directory.EnumerateFiles(Path.Combine(root, "outbox")).Should().HaveCount(2);
        Directory.EnumerateFiles(Path.Combine(root, "commands")).Should().ContainSingle();
    }
}
