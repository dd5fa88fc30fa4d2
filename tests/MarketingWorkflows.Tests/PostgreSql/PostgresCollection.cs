namespace MarketingWorkflows.Tests.PostgreSql;

/// <summary>The tests that share one PostgreSQL server; they run one class at a time.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}
