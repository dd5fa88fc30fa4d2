using System.Text.Json;
using MarketingWorkflows.Storage;

namespace MarketingWorkflows.Tests.Storage;

/// <summary>Queries by a data field: any name a client sends is a key to compare, never SQL or a JSON path.</summary>
public abstract partial class ProcessStoreContract
{
    /// <summary>Names that break a field spliced into SQL or into a JSON path, or that such a path would read as more than a key.</summary>
    private static readonly string[] AwkwardFieldNames =
    [
        "a\\", "\\", "a\\\"b", "\\u0041", "it's", "'", "say \"hi\"", "\"", "a.b", ".", "a b", " ", "[0]", "a[0]", "a[#-1]",
        "$", "$.a", "*", "a.*", "größe", "予算", "🚀", string.Empty, "tab\there", "line\nbreak", "a->b", "a->>'b'",
        "x') OR 1=1 --", "a\"].b", "a\").b", "owner\" OR \"1\"=\"1", "'; DROP TABLE mwf_instances; --", "$1", "?", "@p", "q\\\".b",
    ];

    [Fact]
    public async Task Any_data_field_name_matches_only_the_instance_with_that_top_level_field()
    {
        var store = await CreateStoreAsync();
        var ids = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var name in AwkwardFieldNames)
        {
            ids[name] = Guid.NewGuid();
            await store.CommitAsync(Commit(Instance(ids[name], 1) with { Data = Data((name, "x")), CreatedAt = T0.AddMinutes(ids.Count) }, null, 1));
        }

        // What a path read from a spliced name would reach instead: nested fields, array items, every field.
        await store.CommitAsync(Commit(Instance(Guid.NewGuid(), 1) with { Data = Data(("a", new { b = "x" }), ("q\\", new Dictionary<string, string> { ["b\""] = "x" }), ("x", "x"), ("owner", "x"), ("hi", "x")) }, null, 1));
        await store.CommitAsync(Commit(Instance(Guid.NewGuid(), 1) with { Data = Data(("a", new[] { "x" }), ("b", "x"), ("1", "x")) }, null, 1));
        var typed = Guid.NewGuid();
        await store.CommitAsync(Commit(Instance(typed, 1) with { Data = Data(("a\\", 5), ("it's", true), ("a.b", new[] { "x" })) }, null, 1));

        foreach (var name in AwkwardFieldNames)
        {
            var page = await store.QueryAsync(new InstanceQuery { DataField = name, DataValue = "x" });

            page.Items.Select(i => i.Id).Should().Equal(new[] { ids[name] }, "only that instance has the field {0}", JsonSerializer.Serialize(name));
            page.Total.Should().Be(1);
        }

        (await store.QueryAsync(new InstanceQuery { DataField = "a\\", DataValue = "5" })).Items.Should().ContainSingle().Which.Id.Should().Be(typed);
        (await store.QueryAsync(new InstanceQuery { DataField = "it's", DataValue = "true" })).Items.Should().ContainSingle().Which.Id.Should().Be(typed);
        (await store.QueryAsync(new InstanceQuery { DataField = "a.b", DataValue = "[\"x\"]" })).Items.Should().ContainSingle().Which.Id.Should().Be(typed);
        (await store.QueryAsync(new InstanceQuery { DataField = "a", DataValue = "x" })).Total.Should().Be(0);
        (await store.QueryAsync(new InstanceQuery { DataField = "x' OR '1'='1", DataValue = "x" })).Total.Should().Be(0);
        (await store.QueryAsync(new InstanceQuery { DataField = "a\"", DataValue = "x" })).Total.Should().Be(0);
        (await store.QueryAsync(new InstanceQuery { DataField = "A\\", DataValue = "x" })).Total.Should().Be(0);
    }

    [Fact]
    public async Task A_field_or_value_no_store_can_compare_is_refused_naming_it()
    {
        var store = await CreateStoreAsync();
        await store.CommitAsync(Commit(Instance(Guid.NewGuid(), 1), null, 1));
        (string Field, string Value, string Property)[] refused =
        [
            ("a\0b", "x", nameof(InstanceQuery.DataField)),
            ("\0", "x", nameof(InstanceQuery.DataField)),
            ("\ud800", "x", nameof(InstanceQuery.DataField)),
            ("a\udc00b", "x", nameof(InstanceQuery.DataField)),
            ("\udc00\ud83d", "x", nameof(InstanceQuery.DataField)),
            ("owner", "an\0a", nameof(InstanceQuery.DataValue)),
            ("owner", "ana\ud83d", nameof(InstanceQuery.DataValue)),
        ];

        foreach (var (field, value, property) in refused)
        {
            var query = () => store.QueryAsync(new InstanceQuery { DataField = field, DataValue = value });

            var refusal = (await query.Should().ThrowAsync<InvalidInstanceQueryException>()).Which;
            refusal.ParamName.Should().Be(property);
            refusal.Message.Should().Contain(property).And.Contain("leave it out");
        }

        (await store.QueryAsync(new InstanceQuery { DataField = "owner", DataValue = "ana" })).Total.Should().Be(1);
        (await store.QueryAsync(new InstanceQuery { DataField = "\ud83d\ude80", DataValue = "\ud83d\ude80" })).Total.Should().Be(0);
    }

    private static JsonElement Data(params (string Name, object Value)[] fields)
        => JsonSerializer.SerializeToElement(fields.ToDictionary(f => f.Name, f => f.Value, StringComparer.Ordinal));
}
