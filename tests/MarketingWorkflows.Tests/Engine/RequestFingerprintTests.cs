using System.Text.Json;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Engine.Internal;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Tests.Engine;

public sealed class RequestFingerprintTests
{
    private static readonly Guid A = Guid.Parse("0195f000-0000-7000-8000-00000000000a");
    private static readonly Guid B = Guid.Parse("0195f000-0000-7000-8000-00000000000b");
    private static readonly Actor Ana = new("ana", "marketer");

    [Fact]
    public void A_fingerprint_names_its_operation_and_hashes_the_request()
    {
        var fingerprint = RequestFingerprint.OfFire(new ProcessCommand(A, "Submit", Ana));

        fingerprint.Should().MatchRegex("^fire:[0-9a-f]{64}$");
        RequestFingerprint.OperationOf(fingerprint).Should().Be("fire");
        RequestFingerprint.OperationOf(string.Empty).Should().BeEmpty();
    }

    [Fact]
    public void Whitespace_and_layout_of_the_json_do_not_count()
    {
        var compact = Parse("""{"objective":"More leads","budget":{"amount":5}}""");
        var spread = Parse("""
            {
              "objective" : "More leads",
              "budget" : { "amount" : 5 }
            }
            """);

        RequestFingerprint.OfData(new DataCommand(A, spread, Ana)).Should().Be(RequestFingerprint.OfData(new DataCommand(A, compact, Ana)));
        RequestFingerprint.OfFire(new ProcessCommand(A, "Cancel", Ana) { Arguments = spread })
            .Should().Be(RequestFingerprint.OfFire(new ProcessCommand(A, "Cancel", Ana) { Arguments = compact }));
        RequestFingerprint.OfStart("campaign-approval", null, spread, Ana, null).Should().Be(RequestFingerprint.OfStart("campaign-approval", null, compact, Ana, []));
    }

    [Fact]
    public void The_expected_version_the_roles_and_the_key_do_not_count()
    {
        var command = new ProcessCommand(A, "Submit", Ana) { Comment = "go" };

        RequestFingerprint.OfFire(command with { ExpectedVersion = 3, IdempotencyKey = "other" }).Should().Be(RequestFingerprint.OfFire(command));
        RequestFingerprint.OfFire(command with { Actor = new Actor("ana", "author") }).Should().Be(RequestFingerprint.OfFire(command));
    }

    [Fact]
    public void Every_part_of_a_fire_counts()
    {
        var command = new ProcessCommand(A, "Cancel", Ana) { Arguments = Parse("""{"reason":"x"}"""), Comment = "c" };
        var variants = new[]
        {
            command,
            command with { InstanceId = B },
            command with { Trigger = "Submit" },
            command with { Arguments = Parse("""{"reason":"y"}""") },
            command with { Arguments = null },
            command with { Comment = "d" },
            command with { Comment = null },
            command with { Actor = new Actor("ana", "marketer") { OnBehalfOf = "mike" } },
        };

        variants.Select(RequestFingerprint.OfFire).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Every_part_of_the_other_requests_counts()
    {
        var link = new InstanceLink("content-review", B);
        var data = Parse("""{"name":"Q1"}""");
        string[] fingerprints =
        [
            RequestFingerprint.OfDecision(A, "approved", null, Ana),
            RequestFingerprint.OfDecision(B, "approved", null, Ana),
            RequestFingerprint.OfDecision(A, "rejected", null, Ana),
            RequestFingerprint.OfDecision(A, "approved", "ok", Ana),
            RequestFingerprint.OfChecklist(new ChecklistCommand(A, "brief", ChecklistAction.Complete, Ana)),
            RequestFingerprint.OfChecklist(new ChecklistCommand(A, "copy", ChecklistAction.Complete, Ana)),
            RequestFingerprint.OfChecklist(new ChecklistCommand(A, "brief", ChecklistAction.Waive, Ana)),
            RequestFingerprint.OfChecklist(new ChecklistCommand(A, "brief", ChecklistAction.Waive, Ana) { Reason = "n/a" }),
            RequestFingerprint.OfData(new DataCommand(A, data, Ana)),
            RequestFingerprint.OfData(new DataCommand(A, data, Ana) { Comment = "why" }),
            RequestFingerprint.OfLink(A, link, Ana),
            RequestFingerprint.OfLink(A, link with { Relation = "campaign" }, Ana),
            RequestFingerprint.OfLink(A, link with { InstanceId = A }, Ana),
            RequestFingerprint.OfStart("campaign-approval", null, data, Ana, null),
            RequestFingerprint.OfStart("campaign-approval", 2, data, Ana, null),
            RequestFingerprint.OfStart("content-review", null, data, Ana, null),
            RequestFingerprint.OfStart("campaign-approval", null, data, Ana, [link]),
            RequestFingerprint.OfStart("campaign-approval", null, Parse("""{"name":"Q2"}"""), Ana, null),
        ];

        fingerprints.Should().OnlyHaveUniqueItems();
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
