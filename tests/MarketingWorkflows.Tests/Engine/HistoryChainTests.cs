using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Engine.Internal;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Tests.Engine;

public sealed class HistoryChainTests
{
    private static readonly HistoryEntry Entry = new()
    {
        InstanceId = Guid.Parse("0193a1b2-0000-7000-8000-000000000001"),
        Sequence = 1,
        Kind = HistoryKind.Started,
        Actor = "ana",
        FromState = "Draft",
        ToState = "Draft",
        Comment = "zoë's <first> \"draft\"",
        Arguments = JsonSerializer.SerializeToElement(new { budget = 10_000.50m, name = "Spring" }),
        DataRevision = 1,
        DefinitionVersion = 2,
        At = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.FromHours(1)),
        PreviousHash = string.Empty,
        Hash = string.Empty,
    };

    [Fact]
    public void An_entry_without_a_data_digest_is_hashed_as_entries_were_before_they_had_one()
    {
        HistoryChain.Compute(Entry, null).Should().Be(OldHistoryFormat.Hash(Entry));
    }

    [Fact]
    public void The_version_digest_and_key_id_of_a_newer_entry_are_covered_by_its_hash()
    {
        var newer = Entry with { InstanceVersion = 1, DataDigest = HistoryChain.DataDigest(JsonSerializer.SerializeToElement(new { a = 1 })) };
        var hash = HistoryChain.Compute(newer, null);

        hash.Should().NotBe(OldHistoryFormat.Hash(Entry));
        HistoryChain.Compute(newer with { InstanceVersion = 2 }, null).Should().NotBe(hash);
        HistoryChain.Compute(newer with { DataDigest = new string('0', 64) }, null).Should().NotBe(hash);
        HistoryChain.Compute(newer with { KeyId = "k1" }, null).Should().NotBe(hash);
    }

    [Fact]
    public void A_keyed_hash_is_hmac_sha256_over_the_same_content()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var old = Entry with { };

        HistoryChain.Compute(old, key).Should().Be(Convert.ToHexStringLower(HMACSHA256.HashData(key, OldHistoryFormat.Content(old))));
        HistoryChain.Compute(old, RandomNumberGenerator.GetBytes(32)).Should().NotBe(HistoryChain.Compute(old, key));
    }

    [Fact]
    public void The_data_digest_ignores_whitespace_and_escaping_but_not_order_or_values()
    {
        static string Digest(string json) => HistoryChain.DataDigest(JsonDocument.Parse(json).RootElement);

        var digest = Digest("""{"name":"Zoë <launch>","budget":10000.50}""");
        Digest("""{ "name" : "Zo\u00EB \u003Claunch>",   "budget": 10000.50 }""").Should().Be(digest);
        digest.Should().Be(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("""{"name":"Zo\u00EB \u003Claunch\u003E","budget":10000.50}"""))));
        Digest("""{"budget":10000.50,"name":"Zoë <launch>"}""").Should().NotBe(digest);
        Digest("""{"name":"Zoë <launch>","budget":10000.5}""").Should().NotBe(digest);
    }

    [Fact]
    public void A_chain_whose_entry_starts_elsewhere_than_the_one_before_ended_is_named()
    {
        var first = Entry with { InstanceVersion = 1, DataDigest = new string('a', 64) };
        first = first with { Hash = HistoryChain.Compute(first, null) };
        var second = first with { Sequence = 2, Kind = HistoryKind.Transition, FromState = "Review", ToState = "Approved", PreviousHash = first.Hash };
        second = second with { Hash = HistoryChain.Compute(second, null) };

        var verification = HistoryChain.Verify([first, second]);

        verification.IsValid.Should().BeFalse();
        verification.Field.Should().Be("fromState");
        verification.Problem.Should().Be("entry 2 starts in 'Review', but entry 1 ended in 'Draft'");
    }

    [Theory]
    [InlineData(null, 32, false, null)]
    [InlineData("k1", 32, false, null)]
    [InlineData("k1", 31, false, "HistoryKeys['k1'] is 31 bytes; a history key needs at least 32")]
    [InlineData("k2", 32, false, "HistoryKeyId is 'k2', which is not in HistoryKeys (the keys are 'k1')")]
    [InlineData(null, 32, true, "RequireKeyedHistory is set but HistoryKeyId is not")]
    public void History_keys_are_validated_at_start_up(string? current, int length, bool required, string? problem)
    {
        var options = new MarketingWorkflowsOptions { HistoryKeyId = current, RequireKeyedHistory = required };
        options.HistoryKeys["k1"] = new byte[length];

        var problems = options.Validate();

        if (problem is null)
        {
            problems.Should().BeEmpty();
        }
        else
        {
            problems.Should().ContainSingle().Which.Should().StartWith(problem);
        }
    }

    [Fact]
    public async Task Every_entry_records_the_digest_of_the_data_after_it_whether_or_not_its_command_changed_the_data()
    {
        var harness = new EngineHarness();
        var campaign = await harness.StartCampaignAsync(EngineHarness.Campaign(50_000));
        await harness.Engine.UpdateDataAsync(new DataCommand(campaign.Id, JsonSerializer.SerializeToElement(new { objective = "more leads" }), EngineHarness.Ana));
        await harness.FireAsync(campaign.Id, "Submit", EngineHarness.Ana);
        await harness.FireAsync(campaign.Id, "Withdraw", EngineHarness.Ana);

        var history = await harness.Engine.GetHistoryAsync(campaign.Id);
        var instance = await harness.Engine.GetAsync(campaign.Id);

        history.Select(e => e.DataDigest).Distinct().Should().HaveCount(2, "the data changed once");
        history[^1].DataDigest.Should().Be(HistoryChain.DataDigest(instance.Data));
        instance.DataDigest.Should().Be(history[^1].DataDigest);
        (instance with { Data = JsonSerializer.SerializeToElement(new { other = 1 }) }).DataDigest.Should().BeEmpty("a copy with other data does not keep the old data's digest");
        (await harness.Engine.VerifyHistoryAsync(campaign.Id)).IsValid.Should().BeTrue();
    }
}
