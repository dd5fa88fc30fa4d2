using System.Text.Json;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage;

namespace MarketingWorkflows.Tests.Storage;

/// <summary>
/// A host starts a command from its own latest copy of the instance instead of reading it; two
/// hosts on one database make each other's copies old, and the commit's version check must catch
/// every one: no stale decision, no false conflict, no refusal that a fresh read would not give.
/// Run on every store that offers copies.
/// </summary>
public abstract class InstanceCopiesContract
{
    private static readonly ProcessDefinition Definition = ProcessDefinitionLoader.Json.Load("""
        {
          "id": "copies", "version": 1,
          "data": [ { "name": "owner", "type": "string", "required": true } ],
          "triggers": [ { "name": "Flip", "roles": ["marketer"] }, { "name": "Flop", "roles": ["marketer"] } ],
          "states": [
            { "name": "A", "initial": true, "transitions": [ { "trigger": "Flip", "to": "B" } ] },
            { "name": "B", "transitions": [ { "trigger": "Flop", "to": "A" } ] }
          ]
        }
        """, "copies.json").GetDefinitionOrThrow();

    private static readonly Actor Marketer = new("ana", "marketer");

    /// <summary>Opens another host's store on the same database.</summary>
    protected abstract IProcessStore NewHost();

    [Fact]
    public async Task A_host_keeps_the_copy_it_committed_and_drops_one_a_commit_refused()
    {
        var (store, engine) = Host();
        var started = await engine.StartAsync("copies", Data(), Marketer);
        var copies = (IInstanceCopies)store;
        copies.LastKnown(started.Id)!.Version.Should().Be(1);

        var fired = await engine.FireAsync(new ProcessCommand(started.Id, "Flip", Marketer));
        copies.LastKnown(started.Id).Should().BeSameAs(fired.Instance);

        var (_, other) = Host();
        await other.FireAsync(new ProcessCommand(started.Id, "Flop", Marketer));
        var refused = () => store.CommitAsync(new InstanceCommit(fired.Instance with { Version = 3 }, 2, [], null, [], null));
        await refused.Should().ThrowAsync<StoreConcurrencyException>();
        copies.LastKnown(started.Id).Should().BeNull("a refused commit shows the copy is old");
    }

    [Fact]
    public async Task A_command_refused_on_an_old_copy_runs_again_on_a_fresh_read()
    {
        var (first, second, id) = await OldCopyAsync();

        // The first host's copy says B, where Flip is not permitted; the instance is in A.
        var result = await first.FireAsync(new ProcessCommand(id, "Flip", Marketer));

        result.Instance.State.Should().Be("B");
        result.Instance.Version.Should().Be(4);
        await ShouldHaveOneChainAsync(first, id, "A", "B", "A", "B");
    }

    [Fact]
    public async Task A_command_permitted_on_an_old_copy_is_decided_again_on_the_current_state()
    {
        var (first, second, id) = await OldCopyAsync();
        await second.FireAsync(new ProcessCommand(id, "Flip", Marketer));

        // The first host's copy (version 2, in B) permits Flop too, but it is two versions old.
        var result = await first.FireAsync(new ProcessCommand(id, "Flop", Marketer));

        result.Instance.Version.Should().Be(5);
        await ShouldHaveOneChainAsync(first, id, "A", "B", "A", "B", "A");
    }

    [Fact]
    public async Task A_command_naming_the_current_version_is_not_refused_because_of_an_old_copy()
    {
        var (first, second, id) = await OldCopyAsync();

        var result = await first.FireAsync(new ProcessCommand(id, "Flip", Marketer) { ExpectedVersion = 3 });

        result.Instance.Version.Should().Be(4);
    }

    [Fact]
    public async Task A_command_naming_an_old_version_gets_the_conflict_with_the_current_one()
    {
        var (first, second, id) = await OldCopyAsync();

        // The first host's copy has the version named, 2; the database has 3.
        var stale = () => first.FireAsync(new ProcessCommand(id, "Flop", Marketer) { ExpectedVersion = 2 });

        var conflict = (await stale.Should().ThrowAsync<ConcurrencyConflictException>()).Which;
        conflict.ExpectedVersion.Should().Be(2);
        conflict.ActualVersion.Should().Be(3);
        (await second.GetAsync(id)).Version.Should().Be(3, "nothing was written");
    }

    [Fact]
    public async Task Two_hosts_alternating_on_one_instance_lose_no_command()
    {
        var (_, first) = Host();
        var (_, second) = Host();
        var id = (await first.StartAsync("copies", Data(), Marketer)).Id;
        var engines = new[] { first, second };
        var states = new List<string> { "A" };
        for (var i = 0; i < 20; i++)
        {
            // Three commands on one host, then three on the other: its copy is old at each switch.
            var engine = engines[(i / 3) % 2];
            var result = await engine.FireAsync(new ProcessCommand(id, states[^1] == "A" ? "Flip" : "Flop", Marketer));
            states.Add(result.Instance.State);
        }

        (await second.GetAsync(id)).Version.Should().Be(21);
        await ShouldHaveOneChainAsync(first, id, [.. states]);
    }

    private static JsonElement Data() => JsonSerializer.SerializeToElement(new { owner = "ana" });

    /// <summary>Two hosts and an instance in A at version 3, of which the first host's copy is version 2, in B.</summary>
    private async Task<(ProcessEngine First, ProcessEngine Second, Guid Id)> OldCopyAsync()
    {
        var (_, first) = Host();
        var (_, second) = Host();
        var id = (await first.StartAsync("copies", Data(), Marketer)).Id;
        await first.FireAsync(new ProcessCommand(id, "Flip", Marketer));
        await second.FireAsync(new ProcessCommand(id, "Flop", Marketer));
        return (first, second, id);
    }

    private static async Task ShouldHaveOneChainAsync(ProcessEngine engine, Guid id, params string[] states)
    {
        var history = await engine.GetHistoryAsync(id);
        history.Select(h => h.ToState).Should().Equal(states);
        history.Select(h => h.Sequence).Should().Equal(Enumerable.Range(1, states.Length).Select(i => (long)i));
        history.Skip(1).Select(h => h.FromState).Should().Equal(states.SkipLast(1), "each command was decided on the state before it");
        (await engine.VerifyHistoryAsync(id)).IsValid.Should().BeTrue();
    }

    private (IProcessStore Store, ProcessEngine Engine) Host()
    {
        var store = NewHost();
        var registry = new ProcessDefinitionRegistry();
        registry.Register(Definition);
        return (store, new ProcessEngine(registry, store));
    }
}
