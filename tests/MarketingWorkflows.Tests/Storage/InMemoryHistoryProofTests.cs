using System.Text.Json;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage;

namespace MarketingWorkflows.Tests.Storage;

/// <summary>Tamper evidence on the in-memory store, tampered with through its internal hooks.</summary>
public sealed class InMemoryHistoryProofTests : HistoryProofContract
{
    private readonly InMemoryProcessStore _store = new();

    protected override IProcessStore OpenStore() => _store;

    protected override Task EditCommentAsync(Guid instanceId, long sequence, string comment)
        => EditHistoryAsync(instanceId, history => [.. history.Select(e => e.Sequence == sequence ? e with { Comment = comment } : e)]);

    protected override async Task ForgeStateAsync(Guid instanceId, string from, string to)
    {
        var instance = (await _store.GetAsync(instanceId))!;
        instance.State.Should().Be(from);
        _store.OverwriteInstance(instance with { State = to });
    }

    protected override async Task ForgeNameAsync(Guid instanceId, string from, string to)
    {
        var instance = (await _store.GetAsync(instanceId))!;
        var data = instance.Data.Deserialize<Dictionary<string, JsonElement>>()!;
        data["name"].GetString().Should().Be(from);
        data["name"] = JsonSerializer.SerializeToElement(to);
        _store.OverwriteInstance(instance with { Data = JsonSerializer.SerializeToElement(data) });
    }

    protected override async Task TruncateAsync(Guid instanceId, long keep)
    {
        var kept = (await _store.GetHistoryAsync(instanceId)).Where(e => e.Sequence <= keep).ToList();
        _store.OverwriteHistory(instanceId, kept);
        var instance = (await _store.GetAsync(instanceId))!;
        _store.OverwriteInstance(instance with { HistoryHead = kept[^1].Hash, HistoryCount = keep });
    }

    protected override Task DeleteEntryAsync(Guid instanceId, long sequence)
        => EditHistoryAsync(instanceId, history => [.. history.Where(e => e.Sequence != sequence)]);

    protected override Task SwapEntriesAsync(Guid instanceId, long first, long second)
        => EditHistoryAsync(instanceId, history =>
        {
            var swapped = history.ToList();
            var (a, b) = (swapped.FindIndex(e => e.Sequence == first), swapped.FindIndex(e => e.Sequence == second));
            (swapped[a], swapped[b]) = (swapped[b] with { Sequence = first }, swapped[a] with { Sequence = second });
            return swapped;
        });

    protected override async Task RewriteEntriesAsync(Guid instanceId, IReadOnlyList<HistoryEntry> entries)
    {
        await EditHistoryAsync(instanceId, history => [.. history.Select(e => entries.FirstOrDefault(r => r.Sequence == e.Sequence) is { } r
            ? e with { Comment = r.Comment, KeyId = r.KeyId, PreviousHash = r.PreviousHash, Hash = r.Hash }
            : e)]);
        var instance = (await _store.GetAsync(instanceId))!;
        _store.OverwriteInstance(instance with { HistoryHead = entries[^1].Hash });
    }

    protected override async Task<object> SaveRowAsync(Guid instanceId) => (await _store.GetAsync(instanceId))!;

    protected override Task RestoreRowAsync(Guid instanceId, object saved)
    {
        _store.OverwriteInstance((ProcessInstance)saved);
        return Task.CompletedTask;
    }

    private async Task EditHistoryAsync(Guid instanceId, Func<IReadOnlyList<HistoryEntry>, List<HistoryEntry>> edit)
        => _store.OverwriteHistory(instanceId, edit(await _store.GetHistoryAsync(instanceId)));
}
