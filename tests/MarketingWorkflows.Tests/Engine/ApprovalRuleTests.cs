using MarketingWorkflows.Engine;
using MarketingWorkflows.Instances;
using static MarketingWorkflows.Tests.Engine.EngineHarness;

namespace MarketingWorkflows.Tests.Engine;

public sealed class ApprovalRuleTests
{
    private static readonly Actor Lara = new("lara", "legal");

    [Fact]
    public async Task Quorum_of_a_role_needs_that_many_different_people()
    {
        var h = new EngineHarness(QuorumProcess.Create("""{ "approvers": [ { "role": "legal" } ], "approve": 2, "reject": 2, "onApproved": "Done", "onRejected": "Stopped" }"""));
        var instance = await QuorumProcess.SubmitAsync(h);

        (await h.FireAsync(instance.Id, "Approve", Lea)).Instance.State.Should().Be("Stage");
        (await h.FireAsync(instance.Id, "Approve", Leo)).Instance.State.Should().Be("Done");
    }

    [Fact]
    public async Task Reject_rule_is_separate_from_the_approve_rule()
    {
        var h = new EngineHarness(QuorumProcess.Create("""{ "approvers": [ { "role": "legal" } ], "approve": 2, "reject": 2, "onApproved": "Done", "onRejected": "Stopped" }"""));
        var instance = await QuorumProcess.SubmitAsync(h);

        (await h.FireAsync(instance.Id, "Reject", Lea, comment: "claims")).Instance.State.Should().Be("Stage", "one rejection of two needed");
        (await h.FireAsync(instance.Id, "Approve", Leo)).Instance.State.Should().Be("Stage");
        (await h.FireAsync(instance.Id, "Reject", Lara, comment: "claims")).Instance.State.Should().Be("Stopped");
    }

    [Fact]
    public async Task All_named_approvers_must_approve()
    {
        var h = new EngineHarness(QuorumProcess.Create("""{ "approvers": [ { "user": "lea" }, { "user": "leo" }, { "user": "lara" } ], "approve": "all", "onApproved": "Done", "onRejected": "Stopped" }"""));
        var instance = await QuorumProcess.SubmitAsync(h);

        await h.FireAsync(instance.Id, "Approve", Lea);
        var two = (await h.FireAsync(instance.Id, "Approve", Leo)).Instance;
        two.State.Should().Be("Stage");
        two.AwaitingUsers.Should().Equal("lara");

        (await h.FireAsync(instance.Id, "Approve", Lara)).Instance.State.Should().Be("Done");
    }

    [Fact]
    public async Task Percentage_rule_rounds_up_over_the_listed_approvers()
    {
        var h = new EngineHarness(QuorumProcess.Create("""{ "approvers": [ { "user": "lea" }, { "user": "leo" }, { "user": "lara" } ], "approve": "60%", "onApproved": "Done", "onRejected": "Stopped" }"""));
        var instance = await QuorumProcess.SubmitAsync(h);

        (await h.FireAsync(instance.Id, "Approve", Lea)).Instance.State.Should().Be("Stage");
        (await h.FireAsync(instance.Id, "Approve", Leo)).Instance.State.Should().Be("Done", "60% of 3 is 1.8, so 2");
    }

    [Fact]
    public async Task Self_approval_with_an_audit_mark_is_allowed_and_marked()
    {
        var h = new EngineHarness(QuorumProcess.Create("""{ "approvers": [ { "role": "legal" } ], "selfApproval": "audit", "onApproved": "Done", "onRejected": "Stopped" }"""));
        var instance = await QuorumProcess.SubmitAsync(h, owner: "lea");

        var result = await h.FireAsync(instance.Id, "Approve", Lea);

        result.Instance.State.Should().Be("Done");
        (await h.Engine.GetHistoryAsync(instance.Id))[^1].SelfApproval.Should().BeTrue();
    }

    [Fact]
    public async Task Self_approval_for_named_roles_allows_only_those_roles()
    {
        var h = new EngineHarness(QuorumProcess.Create("""{ "approvers": [ { "role": "legal" } ], "selfApproval": "roles", "selfApprovalRoles": ["legal-lead"], "onApproved": "Done", "onRejected": "Stopped" }"""));
        var instance = await QuorumProcess.SubmitAsync(h, owner: "lea");

        var plain = () => h.FireAsync(instance.Id, "Approve", Lea);
        (await plain.Should().ThrowAsync<CommandForbiddenException>()).Which.Message.Should().Contain("only legal-lead may decide on their own submission");

        (await h.FireAsync(instance.Id, "Approve", new Actor("lea", "legal", "legal-lead"))).Instance.State.Should().Be("Done");
    }

    [Fact]
    public async Task Two_approvers_deciding_at_once_both_count()
    {
        var h = new EngineHarness(QuorumProcess.Create("""{ "approvers": [ { "role": "legal" } ], "approve": 3, "onApproved": "Done", "onRejected": "Stopped" }"""));
        for (var run = 0; run < 20; run++)
        {
            var instance = await QuorumProcess.SubmitAsync(h);
            var deciders = new[] { Lea, Leo, Lara };

            await Task.WhenAll(deciders.Select(d => Task.Run(() => h.FireAsync(instance.Id, "Approve", d))));

            var after = await h.Engine.GetAsync(instance.Id);
            after.State.Should().Be("Done");
            (await h.Engine.GetHistoryAsync(instance.Id)).Count(e => e.Decision == "approved").Should().Be(3);
        }
    }

    [Fact]
    public async Task The_later_of_two_deciders_who_asked_for_a_version_gets_a_conflict()
    {
        var h = new EngineHarness(QuorumProcess.Create("""{ "approvers": [ { "role": "legal" } ], "approve": 3, "onApproved": "Done", "onRejected": "Stopped" }"""));
        var instance = await QuorumProcess.SubmitAsync(h);
        await h.FireAsync(instance.Id, "Approve", Lea, expectedVersion: instance.Version);

        var late = () => h.FireAsync(instance.Id, "Approve", Leo, expectedVersion: instance.Version);

        var conflict = (await late.Should().ThrowAsync<ConcurrencyConflictException>()).Which;
        conflict.ExpectedVersion.Should().Be(instance.Version);
        conflict.ActualVersion.Should().Be(instance.Version + 1);
        (await h.Engine.GetAsync(instance.Id)).Decisions.Should().ContainSingle();
    }
}
