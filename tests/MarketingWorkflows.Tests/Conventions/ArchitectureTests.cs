using System.Reflection;
using System.Runtime.CompilerServices;
using MarketingWorkflows.Instances;
using MarketingWorkflows.PostgreSql;
using MarketingWorkflows.Sqlite;
using MarketingWorkflows.Storage.Relational;
using MarketingWorkflows.Yaml;
using NetArchTest.Rules;

namespace MarketingWorkflows.Tests.Conventions;

/// <summary>
/// Dependencies point one way, read from the compiled code (signatures and method bodies alike):
/// kernel → expressions → definitions → instances → storage contracts → engine and analytics →
/// built-in processes → registration; the stores build on the storage contracts through the
/// relational package and never reach the engine. A reference against that direction, between
/// namespaces of the core or between packages, fails here with the types that make it.
/// </summary>
public class ArchitectureTests
{
    private const string Root = "MarketingWorkflows";
    private const string Kernel = "MarketingWorkflows.StateMachines";
    private const string Expressions = "MarketingWorkflows.Expressions";
    private const string Definitions = "MarketingWorkflows.Definitions";
    private const string Instances = "MarketingWorkflows.Instances";
    private const string Storage = "MarketingWorkflows.Storage";
    private const string Engine = "MarketingWorkflows.Engine";
    private const string Analytics = "MarketingWorkflows.Analytics";
    private const string Processes = "MarketingWorkflows.Processes";

    /// <summary>The registration types: the composition root, on top of everything in the core.</summary>
    private static readonly string[] Registration =
    [
        "Microsoft.Extensions.DependencyInjection.MarketingWorkflowsServiceCollectionExtensions",
        "Microsoft.Extensions.DependencyInjection.IMarketingWorkflowsBuilder",
    ];

    private static readonly Assembly Core = typeof(ProcessInstance).Assembly;

    /// <summary>Each layer of the core, bottom first, with what it must not use: every layer above it.</summary>
    public static TheoryData<string, string[]> Layers => new()
    {
        { Kernel, [Expressions, Definitions, Instances, Storage, Engine, Analytics, Processes, .. Registration] },
        { Expressions, [Definitions, Instances, Storage, Engine, Analytics, Processes, .. Registration] },
        { Definitions, [Instances, Storage, Engine, Analytics, Processes, .. Registration] },
        { Instances, [Storage, Engine, Analytics, Processes, .. Registration] },
        { Storage, [Engine, Analytics, Processes, .. Registration] },
        { Engine, [Analytics, Processes, .. Registration] },
        { Analytics, [Engine, Processes, .. Registration] },
        { Processes, [Instances, Storage, Engine, Analytics, .. Registration] },
    };

    [Theory]
    [MemberData(nameof(Layers))]
    public void A_layer_of_the_core_uses_no_layer_above_it(string layer, string[] above)
    {
        var result = Types.InAssembly(Core).That().ResideInNamespace(layer).ShouldNot().HaveDependencyOnAny(above).GetResult();

        Types.InAssembly(Core).That().ResideInNamespace(layer).GetTypes().Should().NotBeEmpty("the rule must reach the layer {0}", layer);
        (result.FailingTypeNames ?? []).Should().BeEmpty("{0} sits below {1}", layer, string.Join(", ", above));
    }

    [Fact]
    public void The_root_namespace_holds_only_values_every_layer_may_use()
    {
        var result = Types.InAssembly(Core).That().ResideInNamespaceMatching($"^{Root}$")
            .ShouldNot().HaveDependencyOnAny([Kernel, Expressions, Definitions, Instances, Storage, Engine, Analytics, Processes, .. Registration]).GetResult();

        (result.FailingTypeNames ?? []).Should().BeEmpty("Money and the options sit at the bottom");
    }

    public static TheoryData<string> StorePackages => new()
    {
        typeof(SqlDialect).Assembly.GetName().Name!,
        typeof(SqliteProcessStore).Assembly.GetName().Name!,
        typeof(PostgreSqlProcessStore).Assembly.GetName().Name!,
    };

    [Theory]
    [MemberData(nameof(StorePackages))]
    public void A_store_package_builds_on_the_storage_contracts_and_never_on_the_engine(string package)
    {
        var assembly = Assembly.Load(package);
        var result = Types.InAssembly(assembly).ShouldNot().HaveDependencyOnAny(Engine, Processes).GetResult();

        (result.FailingTypeNames ?? []).Should().BeEmpty("a store implements the storage contracts; the engine uses the store, not the other way round");
    }

    [Fact]
    public void Packages_reference_each_other_only_downwards()
    {
        References(Core).Should().BeEmpty("the core depends on no other package");
        References(typeof(YamlDefinitions).Assembly).Should().Equal(Root);
        References(typeof(SqlDialect).Assembly).Should().Equal(Root);
        References(typeof(SqliteProcessStore).Assembly).Should().BeEquivalentTo(Root, "MarketingWorkflows.Storage.Relational");
        References(typeof(PostgreSqlProcessStore).Assembly).Should().BeEquivalentTo(Root, "MarketingWorkflows.Storage.Relational");
    }

    [Fact]
    public void No_package_opens_its_internals_to_a_store()
    {
        string[] stores = ["MarketingWorkflows.Storage.Relational", "MarketingWorkflows.Sqlite", "MarketingWorkflows.PostgreSql"];
        foreach (var assembly in new[] { Core, typeof(SqlDialect).Assembly })
        {
            var friends = assembly.GetCustomAttributes<InternalsVisibleToAttribute>().Select(a => a.AssemblyName).ToList();
            friends.Should().NotContain(f => stores.Contains(f), "{0} must reach a store only through its public API, as any other store would", assembly.GetName().Name);
        }
    }

    private static List<string> References(Assembly assembly)
        => [.. assembly.GetReferencedAssemblies().Select(a => a.Name!).Where(n => n.StartsWith(Root, StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
}
