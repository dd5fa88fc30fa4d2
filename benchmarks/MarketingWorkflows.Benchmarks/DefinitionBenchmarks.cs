using System;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Expressions;
using MarketingWorkflows.Yaml;

namespace MarketingWorkflows.Benchmarks;

/// <summary>
/// Loading, validating and compiling process definitions, and evaluating guards. The target:
/// loading and compiling a 50-state definition takes under 5 ms; a typical guard allocates nothing.
/// </summary>
[MemoryDiagnoser]
public class DefinitionBenchmarks
{
    private string _yaml = string.Empty;
    private string _json = string.Empty;
    private CompiledExpression _guard = null!;
    private CompiledExpression _listGuard = null!;
    private ExpressionContext _context;
    private ExpressionScope _scope = null!;

    /// <summary>Gets how many states the generated definition has.</summary>
    public static int States => 50;

    [GlobalSetup]
    public void Setup()
    {
        _yaml = FiftyStates();
        var definition = YamlDefinitions.Loader.Load(_yaml, "fifty.yaml").GetDefinitionOrThrow();
        if (definition.States.Count != States)
        {
            throw new InvalidOperationException("The generated definition should have 50 states.");
        }

        _json = definition.ToJson();
        _scope = definition.Compile().DataScope;
        _guard = CompiledExpression.CompileCondition("budget >= 10000 EUR and ('EU' in regions or 'UK' in regions)", _scope);
        _listGuard = CompiledExpression.CompileCondition("any(items, i => i.cost > 100 and not i.done) or len(regions) > 3", _scope);
        var data = JsonDocument.Parse("""
            { "owner": "ana", "budget": { "amount": 25000, "currency": "EUR" }, "regions": ["US", "APAC", "UK"],
              "items": [ { "cost": 10, "done": true }, { "cost": 500, "done": true }, { "cost": 900, "done": false } ] }
            """).RootElement;
        _context = new ExpressionContext(data, default, DateTimeOffset.UnixEpoch);
    }

    [Benchmark(Description = "Load YAML + validate + compile, 50 states")]
    public CompiledProcess LoadYamlAndCompile()
        => YamlDefinitions.Loader.Load(_yaml, "fifty.yaml").GetDefinitionOrThrow().Compile();

    [Benchmark(Description = "Load JSON + validate + compile, 50 states")]
    public CompiledProcess LoadJsonAndCompile()
        => ProcessDefinitionLoader.Json.Load(_json, "fifty.json").GetDefinitionOrThrow().Compile();

    [Benchmark(Description = "Guard: money comparison and two list memberships")]
    public bool EvaluateTypicalGuard() => _guard.EvaluateCondition(_context);

    [Benchmark(Description = "Guard: any() over objects, or len()")]
    public bool EvaluateListGuard() => _listGuard.EvaluateCondition(_context);

    [Benchmark(Description = "Compile one guard")]
    public CompiledExpression CompileGuard()
        => CompiledExpression.CompileCondition("budget >= 10000 EUR and ('EU' in regions or 'UK' in regions)", _scope);

    /// <summary>
    /// A campaign-like definition with 50 states: 10 groups under 5 superstates, each group a
    /// guarded draft, two approval stages with conditions, and outcomes, plus deadlines.
    /// </summary>
    internal static string FiftyStates()
    {
        var text = new StringBuilder("""
            id: fifty-states
            version: 1
            data:
              - { name: owner, type: string, required: true }
              - { name: budget, type: money, required: true, minimum: 0 }
              - name: regions
                type: list
                items: { type: enum, values: [EU, UK, US, APAC] }
              - name: items
                type: list
                items:
                  type: object
                  fields:
                    - { name: cost, type: number }
                    - { name: done, type: boolean }
            triggers:
              - { name: Next, roles: [marketer] }
              - { name: Back }
              - { name: Escalate }
              - name: Cancel
                commentRequired: true
                arguments: [ { name: reason, type: string, required: true } ]
            states:

            """);
        for (var group = 0; group < 5; group++)
        {
            text.Append($$"""
                  - name: Phase{{group}}
                    initialChild: Draft{{group}}
                    transitions:
                      - { trigger: Cancel, to: Cancelled, guard: "len(args.reason) >= 5", description: a reason is given }

                """);
            for (var i = 0; i < 8; i++)
            {
                var name = $"Step{group}_{i}";
                var next = i < 7 ? $"Step{group}_{i + 1}" : group < 4 ? $"Phase{group + 1}" : "Holding";
                var stateName = i == 0 ? $"Draft{group}" : name;
                var nextName = i == 0 ? $"Step{group}_1" : next;
                if (i is 3 or 5)
                {
                    text.Append($$"""
                          - name: {{stateName}}
                            parent: Phase{{group}}
                            deadline: { businessDays: 2, remindBefore: [4h], onTimeout: Escalate }
                            approval:
                              when: budget >= {{(i + 1) * 1000}} EUR or 'EU' in regions
                              approvers: [ { role: finance }, { relative: owner } ]
                              approve: any
                              onApproved: {{nextName}}
                              onRejected: Rejected
                            transitions:
                              - { trigger: Escalate, internal: true }

                        """);
                }
                else
                {
                    var initial = group == 0 && i == 0 ? "\n    initial: true" : string.Empty;
                    text.Append($$"""
                          - name: {{stateName}}
                            parent: Phase{{group}}{{initial}}
                            transitions:
                              - { trigger: Next, to: {{nextName}}, guard: "any(items, x => x.cost > {{i * 10}}) or budget.amount > {{i * 500}}", description: work is planned }
                              - { trigger: Back, to: Phase{{group}} }

                        """);
                }
            }
        }

        text.Append("""
              - { name: Done, terminal: true }
              - { name: Rejected, terminal: true }
              - { name: Cancelled, terminal: true }
              - name: Archive
                transitions:
                  - { trigger: Next, to: Done }
              - name: Holding
                transitions:
                  - { trigger: Next, to: Archive }

            """);
        return text.ToString();
    }
}
