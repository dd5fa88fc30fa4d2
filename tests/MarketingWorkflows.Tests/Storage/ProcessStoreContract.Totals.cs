using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage;

namespace MarketingWorkflows.Tests.Storage;

/// <summary>What every store counts: the matches up to the page's start plus <see cref="InstancePage.CountLimit"/>, and whether that was all.</summary>
public abstract partial class ProcessStoreContract
{
    [Fact]
    public async Task A_total_is_exact_up_to_the_count_limit_past_the_page_and_a_lower_bound_beyond()
    {
        var store = await CreateStoreAsync();
        var target = Guid.NewGuid();
        var ids = Enumerable.Range(0, InstancePage.CountLimit + 3).Select(_ => Guid.NewGuid()).ToList();
        foreach (var batch in ids.Index().Chunk(25))
        {
            await Task.WhenAll(batch.Select(x => store.CommitAsync(Commit(
                Instance(x.Item, 1) with
                {
                    ProcessId = x.Index < 3 ? "content-review" : "campaign-approval",
                    CreatedAt = T0.AddSeconds(x.Index),
                    AwaitingUsers = ["ana"],
                    AwaitingRoles = ["finance"],
                    Links = [new InstanceLink("campaign", target), new InstanceLink("follows", target)],
                },
                null,
                1))));
        }

        var all = InstancePage.CountLimit + 3;
        var newest = await store.QueryAsync(new InstanceQuery { Take = 10 });
        newest.Items.Select(i => i.Id).Should().Equal(Enumerable.Range(all - 10, 10).Reverse().Select(i => ids[i]));
        (newest.Total, newest.TotalIsExact).Should().Be((InstancePage.CountLimit, false), "more match than the limit");

        // The bound is counted from the page's start: skipping more makes the count reach the end.
        Total(await store.QueryAsync(new InstanceQuery { Skip = 2, Take = 1 })).Should().Be((InstancePage.CountLimit + 2, false));
        Total(await store.QueryAsync(new InstanceQuery { Skip = 3, Take = 1 })).Should().Be((all, true));
        var beyond = await store.QueryAsync(new InstanceQuery { Skip = all + 10 });
        (beyond.Items.Count, beyond.Total, beyond.TotalIsExact).Should().Be((0, all, true));

        Total(await store.QueryAsync(new InstanceQuery { ProcessId = "content-review" })).Should().Be((3, true));
        Total(await store.QueryAsync(new InstanceQuery { ProcessId = "campaign-approval" })).Should().Be((InstancePage.CountLimit, true), "exactly the limit is still exact");

        // An instance waiting on the user and on their role, or linked twice, counts once.
        Total(await store.QueryAsync(new InstanceQuery { WaitingOnUser = "ana", WaitingOnRoles = ["finance"], Take = 5 })).Should().Be((InstancePage.CountLimit, false));
        Total(await store.QueryAsync(new InstanceQuery { WaitingOnUser = "ana", WaitingOnRoles = ["finance"], Skip = 3, Take = 5 })).Should().Be((all, true));
        Total(await store.QueryAsync(new InstanceQuery { LinkedTo = target, Take = 5 })).Should().Be((InstancePage.CountLimit, false));
        var linked = await store.QueryAsync(new InstanceQuery { LinkedTo = target, Skip = 3, Take = 5 });
        Total(linked).Should().Be((all, true));
        linked.Items.Select(i => i.Id).Should().Equal(Enumerable.Range(all - 8, 5).Reverse().Select(i => ids[i]));
    }

    private static (int Total, bool Exact) Total(InstancePage page) => (page.Total, page.TotalIsExact);
}
