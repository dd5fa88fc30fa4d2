using MarketingWorkflows.Engine;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Processes;
using MarketingWorkflows.Tests.Engine;
using static MarketingWorkflows.Processes.ContentReview;
using static MarketingWorkflows.Tests.Engine.EngineHarness;

namespace MarketingWorkflows.Tests.Processes;

public sealed class ContentReviewTests
{
    private readonly EngineHarness _h = new();

    [Theory]
    [InlineData(Decisions.Approved, Decisions.Approved, States.Approved)]
    [InlineData(Decisions.ApprovedWithChanges, Decisions.Approved, States.Approved)]
    [InlineData(Decisions.Approved, Decisions.ChangesRequired, States.ChangesRequired)]
    [InlineData(Decisions.ChangesRequired, Decisions.ApprovedWithChanges, States.ChangesRequired)]
    [InlineData(Decisions.NotRelevant, Decisions.Approved, States.InReview)]
    public async Task Worst_decision_wins_once_both_groups_have_decided_and_not_relevant_does_not_count(string brand, string legal, string expected)
    {
        var content = await InReviewAsync();

        (await Review(content, brand, Bea)).Instance.State.Should().Be(States.InReview, "legal has not decided yet");
        var result = await Review(content, legal, Lea);

        result.Instance.State.Should().Be(expected);
    }

    [Fact]
    public async Task An_overdue_round_escalates_and_the_fallback_role_settles_it_for_both_groups()
    {
        var content = await InReviewAsync();
        var max = new Actor("max", "marketing-lead");
        var early = () => Review(content, Decisions.Approved, max);
        await early.Should().ThrowAsync<CommandForbiddenException>("the round is not overdue yet");

        var deadline = (await _h.Store.GetTimersAsync(content)).Single(t => t.Kind == "deadline");
        (await _h.Engine.FireTimerAsync(deadline)).Instance.AwaitingRoles.Should().Contain("marketing-lead");
        var result = await Review(content, Decisions.Approved, max);

        result.Instance.State.Should().Be(States.Approved, "a fallback decision stands in for brand and legal");
    }

    [Fact]
    public async Task A_rejection_ends_the_review_at_once()
    {
        var content = await InReviewAsync();

        (await Review(content, Decisions.Rejected, Lea)).Instance.State.Should().Be(States.Rejected);
    }

    [Fact]
    public async Task A_decision_can_be_changed_until_the_round_closes()
    {
        var content = await InReviewAsync();
        await Review(content, Decisions.ChangesRequired, Bea);
        await Review(content, Decisions.Approved, Bea);

        var result = await Review(content, Decisions.Approved, Lea);

        result.Instance.State.Should().Be(States.Approved);
        (await _h.Engine.GetHistoryAsync(content)).Count(e => e.Kind == HistoryKind.Decision).Should().Be(3, "every decision stays in the history");
    }

    [Fact]
    public async Task Changes_required_and_rejected_need_a_comment()
    {
        var content = await InReviewAsync();

        var act = () => _h.Engine.DecideAsync(content, Decisions.ChangesRequired, Bea);

        await act.Should().ThrowAsync<CommandValidationException>();
    }

    [Fact]
    public async Task A_new_version_reopens_review_for_a_new_round_and_the_approved_version_is_locked()
    {
        var content = await InReviewAsync();
        await Review(content, Decisions.Approved, Bea);
        var approved = (await Review(content, Decisions.Approved, Lea)).Instance;
        approved.State.Should().Be(States.Approved);

        var edit = () => _h.Engine.UpdateDataAsync(new DataCommand(content, Json(new { assetVersion = new { number = 1, uri = "https://cdn.example.com/edited.html" } }), Ana));
        (await edit.Should().ThrowAsync<CommandNotPermittedException>()).Which.Message.Should().Contain("locked in 'Approved'").And.Contain("NewVersion");

        var sameNumber = () => _h.FireAsync(content, Triggers.NewVersion, Ana, new { assetVersion = new { number = 1, uri = "https://cdn.example.com/v1b.html" } });
        (await sameNumber.Should().ThrowAsync<CommandNotPermittedException>()).Which.Reasons.Should().Equal("the new version's number is higher than the current one does not hold");

        var reopened = (await _h.FireAsync(content, Triggers.NewVersion, Ana, new { assetVersion = new { number = 2, uri = "https://cdn.example.com/v2.html" } })).Instance;

        reopened.State.Should().Be(States.InReview);
        reopened.Round.Should().Be(2);
        reopened.Decisions.Should().BeEmpty();
        ContentData.FromJson(reopened.Data).AssetVersion.Number.Should().Be(2);
        reopened.DataRevision.Should().Be(approved.DataRevision + 1);
        var history = await _h.Engine.GetHistoryAsync(content);
        history.Where(e => e.Kind == HistoryKind.Decision).Select(e => e.DataRevision).Should().OnlyContain(r => r == 1, "the approvals applied to version 1");
    }

    [Fact]
    public async Task Changes_required_needs_a_higher_version_to_go_back_into_review()
    {
        var content = await InReviewAsync();
        await _h.Engine.DecideAsync(content, Decisions.ChangesRequired, Bea, "Logo too small");
        await Review(content, Decisions.Approved, Lea);

        var next = (await _h.FireAsync(content, Triggers.NewVersion, Ana, new { assetVersion = new { number = 2, uri = "https://cdn.example.com/v2.html" } })).Instance;

        next.State.Should().Be(States.InReview);
        next.Round.Should().Be(2);
    }

    [Fact]
    public async Task Publish_needs_the_publisher_role()
    {
        var content = await InReviewAsync();
        await Review(content, Decisions.Approved, Bea);
        await Review(content, Decisions.Approved, Lea);

        var act = () => _h.FireAsync(content, Triggers.Publish, Ana);
        (await act.Should().ThrowAsync<CommandForbiddenException>()).Which.Message.Should().Contain("needs one of the roles publisher");

        (await _h.FireAsync(content, Triggers.Publish, Pat)).Instance.State.Should().Be(States.Published);
    }

    [Fact]
    public async Task A_third_round_of_changes_escalates_to_the_campaign_owner_who_may_allow_another_round()
    {
        var carl = new Actor("carl", "marketer");
        var content = await ThirdRoundAsync();

        var escalated = (await Review(content, Decisions.ChangesRequired, Bea)).Instance;

        escalated.State.Should().Be(States.Escalated, "changes required in round 3 go to the campaign owner");
        escalated.AwaitingUsers.Should().Equal("carl");
        var author = () => _h.FireAsync(content, Triggers.AllowAnotherRound, Ana);
        await author.Should().ThrowAsync<CommandForbiddenException>("only the campaign owner decides");
        (await _h.FireAsync(content, Triggers.AllowAnotherRound, carl)).Instance.State.Should().Be(States.ChangesRequired);
        var fourth = (await _h.FireAsync(content, Triggers.NewVersion, Ana, new { assetVersion = new { number = 4, uri = "https://cdn.example.com/v4.html" } })).Instance;
        fourth.State.Should().Be(States.InReview);
        fourth.Round.Should().Be(4);
    }

    [Fact]
    public async Task The_campaign_owner_can_reject_content_that_runs_past_its_rounds()
    {
        var content = await ThirdRoundAsync();
        await Review(content, Decisions.ChangesRequired, Bea);

        var noComment = () => _h.FireAsync(content, Triggers.Reject, new Actor("carl", "marketer"));
        await noComment.Should().ThrowAsync<CommandValidationException>();
        var result = await _h.FireAsync(content, Triggers.Reject, new Actor("carl", "marketer"), comment: "three rounds is enough: brief it again");

        result.Instance.State.Should().Be(States.Rejected);
    }

    [Fact]
    public async Task Changes_in_the_first_two_rounds_go_back_to_the_author()
    {
        var content = await InReviewAsync();
        await Review(content, Decisions.Approved, Lea);
        (await Review(content, Decisions.ChangesRequired, Bea)).Instance.State.Should().Be(States.ChangesRequired);
        await _h.FireAsync(content, Triggers.NewVersion, Ana, new { assetVersion = new { number = 2, uri = "https://cdn.example.com/v2.html" } });
        await Review(content, Decisions.Approved, Lea);

        (await Review(content, Decisions.ChangesRequired, Bea)).Instance.State.Should().Be(States.ChangesRequired);
    }

    /// <summary>Content whose campaign belongs to carl, in its third round, legal already approved.</summary>
    private async Task<Guid> ThirdRoundAsync()
    {
        var content = (await _h.Engine.StartAsync(
            ProcessId,
            new ContentData { Title = "Launch email", Owner = "ana", AssetType = "email", AssetVersion = new AssetVersion(1, "https://cdn.example.com/v1.html"), CampaignOwner = "carl" }.ToJson(),
            Ana)).Id;
        await _h.FireAsync(content, Triggers.SubmitForReview, Ana);
        for (var version = 2; version <= 3; version++)
        {
            await Review(content, Decisions.Approved, Lea);
            await Review(content, Decisions.ChangesRequired, Bea);
            await _h.FireAsync(content, Triggers.NewVersion, Ana, new { assetVersion = new { number = version, uri = $"https://cdn.example.com/v{version}.html" } });
        }

        (await _h.Engine.GetAsync(content)).Round.Should().Be(3);
        await Review(content, Decisions.Approved, Lea);
        return content;
    }

    private async Task<Guid> InReviewAsync()
    {
        var content = await _h.StartContentAsync();
        (await _h.FireAsync(content.Id, Triggers.SubmitForReview, Ana)).Instance.State.Should().Be(States.InReview);
        return content.Id;
    }

    private Task<CommandResult> Review(Guid content, string decision, Actor reviewer)
        => _h.Engine.DecideAsync(content, decision, reviewer, decision is Decisions.ChangesRequired or Decisions.Rejected ? "see the notes" : null);
}
