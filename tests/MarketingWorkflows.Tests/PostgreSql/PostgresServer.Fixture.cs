namespace MarketingWorkflows.Testing;

/// <summary>The server as an xunit fixture: started before the first test of a collection, removed after the last.</summary>
public sealed partial class PostgresServer : IAsyncLifetime;
