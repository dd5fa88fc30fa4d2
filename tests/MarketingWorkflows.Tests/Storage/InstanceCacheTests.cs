using MarketingWorkflows.PostgreSql;
using MarketingWorkflows.Sqlite;
using MarketingWorkflows.Storage.Relational;

namespace MarketingWorkflows.Tests.Storage;

/// <summary>The stores' bounded cache of the latest copies of instances.</summary>
public sealed class InstanceCacheTests
{
    [Fact]
    public void Past_its_capacity_the_cache_drops_the_copies_kept_longest_one_by_one()
    {
        var cache = new InstanceCache(capacity: 3);
        var ids = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToList();

        foreach (var id in ids)
        {
            cache.RememberCommitted(ProcessStoreContract.Instance(id, 1));
        }

        cache.Count.Should().Be(3);
        ids.Select(id => cache.Find(id) is not null).Should().Equal(false, false, true, true, true);
    }

    [Fact]
    public void Only_a_copy_the_store_committed_is_offered_to_start_a_command_from()
    {
        var cache = new InstanceCache(capacity: 10);
        var id = Guid.NewGuid();
        var committed = ProcessStoreContract.Instance(id, 2);

        cache.Remember(ProcessStoreContract.Instance(id, 1));
        cache.FindCommitted(id).Should().BeNull("a row read may have been written by anyone");

        cache.RememberCommitted(committed);
        cache.Remember(ProcessStoreContract.Instance(id, 2));
        cache.FindCommitted(id).Should().BeSameAs(committed, "a read of the same version keeps the copy committed");

        cache.Remember(ProcessStoreContract.Instance(id, 3));
        cache.FindCommitted(id).Should().BeNull("another writer's newer row is read and checked, not started from");
        cache.Find(id)!.Version.Should().Be(3);
    }

    [Fact]
    public void The_cache_keeps_the_newest_version_whatever_order_copies_arrive_in()
    {
        var cache = new InstanceCache(capacity: 10);
        var id = Guid.NewGuid();

        cache.RememberCommitted(ProcessStoreContract.Instance(id, 2));
        cache.Remember(ProcessStoreContract.Instance(id, 1));
        cache.Find(id)!.Version.Should().Be(2);

        cache.Remember(ProcessStoreContract.Instance(id, 3));
        cache.Find(id)!.Version.Should().Be(3);
        cache.Count.Should().Be(1);
    }

    [Fact]
    public void A_cache_of_capacity_zero_keeps_nothing()
    {
        var cache = new InstanceCache(capacity: 0);
        var id = Guid.NewGuid();

        cache.Remember(ProcessStoreContract.Instance(id, 1));

        cache.Find(id).Should().BeNull();
        cache.Count.Should().Be(0);
    }

    [Fact]
    public async Task Callers_remembering_at_once_never_leave_more_than_the_capacity()
    {
        var cache = new InstanceCache(capacity: 100);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 5_000; i++)
            {
                cache.RememberCommitted(ProcessStoreContract.Instance(Guid.NewGuid(), 1));
            }
        })));

        // Two callers trimming at the same moment may each drop one copy: a few below, never above.
        cache.Count.Should().BeInRange(96, 100);
    }

    [Fact]
    public void A_copy_read_once_is_kept_only_when_its_instance_is_read_again()
    {
        var cache = new InstanceCache(capacity: 10);
        var id = Guid.NewGuid();

        cache.Remember(ProcessStoreContract.Instance(id, 1));
        cache.Find(id).Should().BeNull("one read says nothing about the next");

        cache.Remember(ProcessStoreContract.Instance(id, 1));
        cache.Find(id)!.Version.Should().Be(1);
        cache.Count.Should().Be(1);
    }

    [Fact]
    public void Reads_of_instances_nobody_reads_again_do_not_push_out_the_copies_in_use()
    {
        var cache = new InstanceCache(capacity: 100);
        var inUse = Enumerable.Range(0, 100).Select(_ => Guid.NewGuid()).ToList();
        foreach (var id in inUse)
        {
            cache.RememberCommitted(ProcessStoreContract.Instance(id, 1));
        }

        for (var i = 0; i < 10_000; i++)
        {
            cache.Remember(ProcessStoreContract.Instance(Guid.NewGuid(), 1));
        }

        inUse.Should().OnlyContain(id => cache.FindCommitted(id) != null);
        cache.Count.Should().Be(100);
    }

    [Fact]
    public void Instances_read_again_and_again_take_the_place_of_the_oldest_copies()
    {
        // A seeded mix: a few instances read over and over among many read once.
        var random = new Random(31);
        var cache = new InstanceCache(capacity: 50);
        var hot = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToList();
        for (var i = 0; i < 20_000; i++)
        {
            var id = random.Next(4) == 0 ? hot[random.Next(hot.Count)] : Guid.NewGuid();
            cache.Remember(ProcessStoreContract.Instance(id, 1));
        }

        hot.Should().OnlyContain(id => cache.Find(id) != null, "each was read again soon after it was read");
        cache.Count.Should().BeLessThanOrEqualTo(50);
    }

    [Fact]
    public void A_negative_cache_size_is_refused_with_the_option_named()
    {
        var sqlite = new SqliteStoreOptions { ConnectionString = "Data Source=x.db", CachedInstances = -1 };
        var postgres = new PostgreSqlStoreOptions { ConnectionString = "Host=localhost;Database=x", CachedInstances = -1 };

        sqlite.Validate().Should().ContainSingle().Which.Should().Contain("CachedInstances must not be negative");
        postgres.Validate().Should().ContainSingle().Which.Should().Contain("CachedInstances must not be negative");
    }
}
