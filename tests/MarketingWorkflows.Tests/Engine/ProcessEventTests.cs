using System.Text.Json;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Processes;

namespace MarketingWorkflows.Tests.Engine;

public sealed class ProcessEventTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Event_built_from_json_keeps_its_data_and_utf8_form()
    {
        var data = JsonSerializer.SerializeToElement(new { actor = "ana", from = "Draft", to = "InReview" });
        var e = new ProcessEvent(Guid.NewGuid(), "marketingworkflows.campaign-approval.in-review", "campaign-approval", Guid.NewGuid(), 2, At, data);

        e.Data.GetProperty("to").GetString().Should().Be("InReview");
        JsonDocument.Parse(e.DataUtf8).RootElement.GetProperty("actor").GetString().Should().Be("ana");
    }

    [Fact]
    public void Events_with_the_same_fields_and_data_are_equal()
    {
        var id = Guid.NewGuid();
        var instance = Guid.NewGuid();
        var first = new ProcessEvent(id, "t", "p", instance, 1, At, JsonSerializer.SerializeToElement(new { a = 1 }));
        var second = new ProcessEvent(id, "t", "p", instance, 1, At, JsonSerializer.SerializeToElement(new { a = 1 }));
        var other = first with { InstanceVersion = 2 };

        first.Should().Be(second);
        first.GetHashCode().Should().Be(second.GetHashCode());
        other.Should().NotBe(first);
        new ProcessEvent(id, "t", "p", instance, 1, At, JsonSerializer.SerializeToElement(new { a = 2 })).Should().NotBe(first);
    }

    [Fact]
    public async Task Engine_events_carry_their_details_readable_from_any_thread()
    {
        var harness = new EngineHarness();
        var instance = await harness.StartCampaignAsync(EngineHarness.Campaign(10_000));
        var result = await harness.FireAsync(instance.Id, CampaignApproval.Triggers.Submit, EngineHarness.Ana);

        var reads = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => result.Events[^1].Data.GetProperty("trigger").GetString())));

        reads.Should().AllBe(CampaignApproval.Triggers.Submit);
        result.Events[^1].DataUtf8.Length.Should().BePositive();
    }
}
