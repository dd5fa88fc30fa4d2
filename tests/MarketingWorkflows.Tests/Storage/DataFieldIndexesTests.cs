using MarketingWorkflows.PostgreSql;
using MarketingWorkflows.Sqlite;
using MarketingWorkflows.Storage.Relational;

namespace MarketingWorkflows.Tests.Storage;

public sealed class DataFieldIndexesTests
{
    [Fact]
    public void Plain_distinct_names_may_be_indexed()
    {
        DataFieldIndexes.Validate("IndexedDataFields", ["owner", "region_code", "_tier2", new string('a', DataFieldIndexes.MaxNameLength)]).Should().BeEmpty();
        DataFieldIndexes.IndexName("Owner").Should().Be("ix_mwf_instances_data_owner");
    }

    [Theory]
    [InlineData("owner.name")]
    [InlineData("owner'")]
    [InlineData("1st")]
    [InlineData("")]
    [InlineData("größe")]
    [InlineData("a b")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void A_name_that_would_be_sql_or_too_long_is_refused_by_its_position(string name)
    {
        var problems = DataFieldIndexes.Validate("IndexedDataFields", ["owner", name]);

        problems.Should().ContainSingle().Which.Should().StartWith($"IndexedDataFields[1] is \"{name}\": a data field to index must be a name of letters, digits and underscores");
    }

    [Fact]
    public void Names_differing_only_in_case_are_refused_as_they_would_share_an_index()
    {
        DataFieldIndexes.Validate("IndexedDataFields", ["owner", "Owner"]).Should().ContainSingle()
            .Which.Should().Be("IndexedDataFields[1] \"Owner\" repeats \"owner\" (names that differ only in case would share one index)");
        DataFieldIndexes.Validate("IndexedDataFields", [null]).Should().ContainSingle().Which.Should().StartWith("IndexedDataFields[0] is null");
    }

    [Fact]
    public void Both_stores_refuse_options_naming_a_field_they_cannot_index()
    {
        var sqlite = () => new SqliteProcessStore(new SqliteStoreOptions { ConnectionString = "Data Source=x.db", IndexedDataFields = ["owner;DROP"] });
        var postgres = () => new PostgreSqlProcessStore(new PostgreSqlStoreOptions { ConnectionString = "Host=localhost", IndexedDataFields = ["owner;DROP"] });

        sqlite.Should().Throw<ArgumentException>().WithMessage("*IndexedDataFields[0] is \"owner;DROP\"*");
        postgres.Should().Throw<ArgumentException>().WithMessage("*IndexedDataFields[0] is \"owner;DROP\"*");
    }
}
