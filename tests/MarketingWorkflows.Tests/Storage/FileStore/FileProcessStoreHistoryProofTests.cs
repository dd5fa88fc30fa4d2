using System.Text.Json.Nodes;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage;

namespace MarketingWorkflows.Tests.Storage.FileStore;

/// <summary>
/// Tamper evidence on the JSON file store: the instance's file is edited as text, as anyone with
/// access to the folder could, and each engine opens a fresh store on the folder.
/// </summary>
public sealed class FileProcessStoreHistoryProofTests : HistoryProofContract, IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    protected override IProcessStore OpenStore() => new FileProcessStore(_folder.Path);

    protected override Task EditCommentAsync(Guid instanceId, long sequence, string comment)
        => EditAsync(instanceId, file => Entry(file, sequence)["comment"] = comment);

    protected override Task ForgeStateAsync(Guid instanceId, string from, string to)
        => EditAsync(instanceId, file =>
        {
            file["instance"]!["state"]!.GetValue<string>().Should().Be(from);
            file["instance"]!["state"] = to;
        });

    protected override Task ForgeNameAsync(Guid instanceId, string from, string to)
        => EditAsync(instanceId, file =>
        {
            file["instance"]!["data"]!["name"]!.GetValue<string>().Should().Be(from);
            file["instance"]!["data"]!["name"] = to;
        });

    protected override Task TruncateAsync(Guid instanceId, long keep)
        => EditAsync(instanceId, file =>
        {
            var history = History(file);
            foreach (var entry in history.Where(e => Sequence(e) > keep).ToList())
            {
                history.Remove(entry);
            }

            file["instance"]!["historyHead"] = Entry(file, keep)["hash"]!.GetValue<string>();
            file["instance"]!["historyCount"] = keep;
        });

    protected override Task DeleteEntryAsync(Guid instanceId, long sequence)
        => EditAsync(instanceId, file => History(file).Remove(Entry(file, sequence)));

    protected override Task SwapEntriesAsync(Guid instanceId, long first, long second)
        => EditAsync(instanceId, file =>
        {
            // Each entry takes the other's sequence number and place, as a swap of two rows would read.
            var history = History(file);
            var (a, b) = (Entry(file, first), Entry(file, second));
            var (i, j) = (history.IndexOf(a), history.IndexOf(b));
            a["sequence"] = second;
            b["sequence"] = first;
            history.RemoveAt(j);
            history.RemoveAt(i);
            history.Insert(i, b);
            history.Insert(j, a);
        });

    protected override Task RewriteEntriesAsync(Guid instanceId, IReadOnlyList<HistoryEntry> entries)
        => EditAsync(instanceId, file =>
        {
            foreach (var e in entries)
            {
                var entry = Entry(file, e.Sequence);
                entry["comment"] = e.Comment;
                entry["keyId"] = e.KeyId;
                entry["previousHash"] = e.PreviousHash;
                entry["hash"] = e.Hash;
            }

            file["instance"]!["historyHead"] = entries[^1].Hash;
        });

    protected override Task<object> SaveRowAsync(Guid instanceId)
        => Task.FromResult<object>(Load(instanceId)["instance"]!.ToJsonString());

    protected override Task RestoreRowAsync(Guid instanceId, object saved)
        => EditAsync(instanceId, file => file["instance"] = JsonNode.Parse((string)saved));

    private static JsonArray History(JsonNode file) => file["history"]!.AsArray();

    private static long Sequence(JsonNode? entry) => entry!["sequence"]!.GetValue<long>();

    private static JsonNode Entry(JsonNode file, long sequence) => History(file).Single(e => Sequence(e) == sequence)!;

    private string PathOf(Guid instanceId) => new FileProcessStore(_folder.Path).InstancePath(instanceId);

    private JsonNode Load(Guid instanceId) => JsonNode.Parse(File.ReadAllText(PathOf(instanceId)))!;

    private async Task EditAsync(Guid instanceId, Action<JsonNode> edit)
    {
        var file = Load(instanceId);
        edit(file);
        await File.WriteAllTextAsync(PathOf(instanceId), file.ToJsonString());
    }
}
