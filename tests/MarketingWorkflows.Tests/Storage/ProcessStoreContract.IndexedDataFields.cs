using System.Text.Json;
using MarketingWorkflows.Storage;

namespace MarketingWorkflows.Tests.Storage;

/// <summary>A store that indexes data fields answers every query on them exactly as it does without the index.</summary>
public abstract partial class ProcessStoreContract
{
    private static readonly string[] IndexedFields = ["owner", "tier"];

    /// <summary>
    /// Creates an empty store that indexes <paramref name="fields"/> (its <c>IndexedDataFields</c>
    /// option); a store without such an option answers as one from <see cref="CreateStoreAsync"/>.
    /// </summary>
    protected virtual Task<IProcessStore> CreateStoreIndexingAsync(IReadOnlyList<string> fields) => CreateStoreAsync();

    [Fact]
    public async Task A_store_indexing_data_fields_answers_every_query_on_them_as_one_without_the_index()
    {
        var plain = await CreateStoreAsync();
        var indexed = await CreateStoreIndexingAsync(IndexedFields);
        var random = new Random(20261205);
        object?[] stored = ["ana", "bo", "5", 5, 5.5, true, false, null, new[] { "ana" }, new { ana = 1 }, string.Empty, "ANA", "true", "null"];
        for (var i = 0; i < 150; i++)
        {
            var data = new Dictionary<string, object?>(StringComparer.Ordinal) { ["name"] = "n" + i };
            foreach (var field in IndexedFields.Where(_ => random.Next(5) > 0))
            {
                data[field] = stored[random.Next(stored.Length)];
            }

            // Some share a creation time, so the order falls to their ids.
            var instance = Instance(Guid.NewGuid(), 1) with
            {
                ProcessId = random.Next(3) == 0 ? "content-review" : "campaign-approval",
                Data = JsonSerializer.SerializeToElement(data),
                CreatedAt = T0.AddMinutes(random.Next(100)),
                IsCompleted = random.Next(4) == 0,
            };
            await plain.CommitAsync(Commit(instance, null, 1));
            await indexed.CommitAsync(Commit(instance, null, 1));
        }

        string?[] asked = ["ana", "bo", "5", "5.5", "true", "false", "null", "[\"ana\"]", "{\"ana\":1}", string.Empty, "ANA", "x", null];
        for (var q = 0; q < 200; q++)
        {
            var query = new InstanceQuery
            {
                DataField = IndexedFields[random.Next(IndexedFields.Length)],
                DataValue = asked[random.Next(asked.Length)],
                ProcessId = random.Next(3) == 0 ? "campaign-approval" : null,
                IncludeCompleted = random.Next(2) == 0,
                Skip = random.Next(3) * 4,
                Take = random.Next(1, 12),
            };

            var expected = await plain.QueryAsync(query);
            var actual = await indexed.QueryAsync(query);

            actual.Items.Select(i => i.Id).Should().Equal(expected.Items.Select(i => i.Id), "{0}", query);
            (actual.Total, actual.TotalIsExact).Should().Be((expected.Total, expected.TotalIsExact), "{0}", query);
        }
    }
}
