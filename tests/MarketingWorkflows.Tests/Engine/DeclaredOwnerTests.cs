using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Instances;
using static MarketingWorkflows.Tests.Engine.EngineHarness;

namespace MarketingWorkflows.Tests.Engine;

/// <summary>The owner of an instance is the data field its definition declares as <c>owner</c>, whatever the field is called; no other field counts.</summary>
public sealed class DeclaredOwnerTests
{
    private static readonly Actor Bob = new("bob", "staff");
    private static readonly Actor Carl = new("carl", "staff");

    private static ProcessDefinition Errand(string id, string? owner)
    {
        var builder = ProcessDefinition.Create(id)
            .Data(d => d.String("owner").String("assignee").String("note"))
            .Trigger("Finish")
            .State("Open", s => s.Initial().Permit("Finish", "Done"))
            .State("Done", s => s.Terminal());
        return (owner is null ? builder : builder.Owner(owner)).Build();
    }

    [Fact]
    public async Task A_field_called_owner_grants_no_edit_rights_and_is_not_awaited_unless_declared()
    {
        var h = new EngineHarness(Errand("errand", owner: null));
        var instance = await h.Engine.StartAsync("errand", Json(new { owner = "bob", note = "buy stamps" }), Ana);

        var edit = () => h.Engine.UpdateDataAsync(new DataCommand(instance.Id, Json(new { note = "buy envelopes" }), Bob));

        (await edit.Should().ThrowAsync<CommandForbiddenException>()).Which.Message.Should().Contain("only the creator (ana) or the roles");
        (await h.Engine.GetAsync(instance.Id)).AwaitingUsers.Should().BeEmpty();
        (await h.Engine.UpdateDataAsync(new DataCommand(instance.Id, Json(new { note = "buy envelopes" }), Ana))).Instance.DataRevision.Should().Be(2, "the creator still may");
    }

    [Fact]
    public async Task The_declared_owner_field_grants_edit_rights_and_is_awaited_whatever_its_name()
    {
        var h = new EngineHarness(Errand("errand", owner: "assignee"));
        var instance = await h.Engine.StartAsync("errand", Json(new { owner = "carl", assignee = "bob", note = "buy stamps" }), Ana);

        var byBob = await h.Engine.UpdateDataAsync(new DataCommand(instance.Id, Json(new { note = "buy envelopes" }), Bob));
        var byCarl = () => h.Engine.UpdateDataAsync(new DataCommand(instance.Id, Json(new { note = "buy nothing" }), Carl));

        byBob.Instance.DataRevision.Should().Be(2);
        byBob.Instance.AwaitingUsers.Should().Equal("bob");
        (await byCarl.Should().ThrowAsync<CommandForbiddenException>()).Which.Message.Should().Contain("the owner (bob)");
    }
}
