using System.Reflection;
using System.Text;
using Xunit.Abstractions;

namespace MarketingWorkflows.Conformance.Tests;

/// <summary>
/// Reflects over the public surface of Stateless 5.20.1 and finds, for every public type and
/// member, a counterpart of the same shape in the kernel: the same name with the namespace
/// swapped, the same kind, generic arity and static-ness, and parameter and return types mapped
/// from Stateless to the kernel. Code written against Stateless then ports by changing its usings.
/// </summary>
public class ApiParityTests(ITestOutputHelper output)
{
    private const string ReferenceNamespace = "Stateless";
    private const string KernelNamespace = "MarketingWorkflows.StateMachines";

    /// <summary>
    /// Stateless members the kernel leaves out on purpose, each with the docs/state-machines.md
    /// row ("Porting from Stateless") that explains why. Keys are the shapes <see cref="Describe(MemberInfo)"/> prints.
    /// </summary>
    private static readonly Dictionary<string, string> Deliberate = new(StringComparer.Ordinal)
    {
        ["type class StateMachineResources"] = "row \"Stateless's message resources\": a generated accessor for its message texts, not state-machine API; the kernel's messages are the same texts",
    };

    [Fact]
    public void Every_public_Stateless_type_and_member_has_a_kernel_counterpart()
    {
        var (total, missing) = Compare();
        var gaps = missing.Where(m => !Deliberate.ContainsKey(m)).ToList();

        var report = new StringBuilder()
            .AppendLine($"{total - missing.Count} of {total} Stateless members have counterparts; "
                + $"{missing.Count(Deliberate.ContainsKey)} missing on purpose, {gaps.Count} missing.");
        foreach (var gap in gaps)
        {
            report.AppendLine("  missing: " + gap);
        }

        output.WriteLine(report.ToString());
        gaps.Should().BeEmpty(report.ToString());
    }

    [Fact]
    public void Every_deliberate_omission_is_still_a_Stateless_member_the_kernel_lacks()
    {
        var (_, missing) = Compare();

        // A stale entry would hide a future gap of the same shape.
        Deliberate.Keys.Except(missing).Should().BeEmpty();
    }

    [Fact]
    public void A_member_whose_parameter_type_differs_is_reported_missing()
    {
        // The comparison itself is what guards parity, so show it can fail: the kernel's
        // Configure takes TState, never TTrigger.
        var configure = typeof(Stateless.StateMachine<,>).GetMethod(nameof(Stateless.StateMachine<int, int>.Configure))!;
        var shape = Describe(configure);

        shape.Should().Be("StateMachine`2.Configure(!0) : StateMachine`2+StateConfiguration<!0,!1>");
        KernelShapes(typeof(MarketingWorkflows.StateMachines.StateMachine<,>)).Should().Contain(shape)
            .And.NotContain(shape.Replace("(!0)", "(!1)", StringComparison.Ordinal));
    }

    private static (int Total, List<string> Missing) Compare()
    {
        var referenceAssembly = typeof(Stateless.StateMachine<,>).Assembly;
        var kernelAssembly = typeof(MarketingWorkflows.StateMachines.StateMachine<,>).Assembly;
        var total = 0;
        var missing = new List<string>();

        foreach (var type in referenceAssembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            total++;
            var kernelType = kernelAssembly.GetType(MapName(type.FullName!));
            if (kernelType is null || TypeShape(kernelType) != TypeShape(type))
            {
                missing.Add($"type {TypeShape(type)}");
                continue;
            }

            var kernelShapes = KernelShapes(kernelType);
            foreach (var member in PublicMembers(type, BindingFlags.DeclaredOnly))
            {
                total++;
                var shape = Describe(member);
                if (!kernelShapes.Contains(shape))
                {
                    missing.Add(shape);
                }
            }
        }

        return (total, missing);
    }

    private static HashSet<string> KernelShapes(Type kernelType) =>
        PublicMembers(kernelType, BindingFlags.FlattenHierarchy).Select(Describe).ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<MemberInfo> PublicMembers(Type type, BindingFlags extra) =>
        type.GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | extra)
            .Where(m => m switch
            {
                MethodBase method => (method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly)
                    && !(method.IsSpecialName && !method.IsConstructor && !method.Name.StartsWith("op_", StringComparison.Ordinal)),
                PropertyInfo property => property.GetAccessors(nonPublic: true).Any(a => a.IsPublic || a.IsFamily || a.IsFamilyOrAssembly),
                FieldInfo field => (field.IsPublic || field.IsFamily || field.IsFamilyOrAssembly) && !field.IsSpecialName,
                EventInfo e => e.AddMethod is { IsPublic: true } || e.AddMethod is { IsFamily: true },
                _ => false, // nested types are compared as types of their own
            })
            .Where(m => m.DeclaringType != typeof(object) && m.DeclaringType != typeof(ValueType) && m.DeclaringType != typeof(Enum)
                && m.DeclaringType != typeof(Exception) && m.DeclaringType != typeof(MulticastDelegate) && m.DeclaringType != typeof(Delegate));

    private static string MapName(string fullName) =>
        fullName.StartsWith(ReferenceNamespace + ".", StringComparison.Ordinal)
            ? KernelNamespace + fullName[ReferenceNamespace.Length..]
            : fullName;

    private static string TypeShape(Type type)
    {
        var kind = type.IsEnum ? "enum"
            : type.IsValueType ? "struct"
            : type.IsInterface ? "interface"
            : typeof(Delegate).IsAssignableFrom(type) ? "delegate"
            : type.IsAbstract && type.IsSealed ? "static class"
            : type.IsAbstract ? "abstract class"
            : "class";
        return $"{kind} {Local(type)}";
    }

    /// <summary>Prints a member's shape with Stateless and kernel names alike, generic parameters by position.</summary>
    internal static string Describe(MemberInfo member)
    {
        var owner = Local(member.DeclaringType!);
        switch (member)
        {
            case ConstructorInfo ctor:
                return $"{owner}{(ctor.IsStatic ? " static" : "")} ctor({Parameters(ctor)}){(ctor.IsFamily ? " protected" : "")}";
            case MethodInfo method:
                var arity = method.IsGenericMethodDefinition ? $"``{method.GetGenericArguments().Length}" : "";
                var modifiers = (method.IsStatic ? "static " : "") + (method.IsAbstract ? "abstract " : "");
                return $"{owner}.{modifiers}{method.Name}{arity}({Parameters(method)}) : {Name(method.ReturnType)}";
            case PropertyInfo property:
                var accessors = string.Join(" ", property.GetAccessors(nonPublic: true)
                    .Where(a => a.IsPublic || a.IsFamily || a.IsFamilyOrAssembly)
                    .Select(a => a.Name[..3])
                    .Order(StringComparer.Ordinal));
                var index = property.GetIndexParameters() is { Length: > 0 } p ? $"[{string.Join(", ", p.Select(i => Name(i.ParameterType)))}]" : "";
                var isStatic = property.GetAccessors(nonPublic: true)[0].IsStatic ? "static " : "";
                return $"{owner}.{isStatic}{property.Name}{index} : {Name(property.PropertyType)} {{ {accessors} }}";
            case FieldInfo field:
                return field.IsLiteral && field.DeclaringType!.IsEnum
                    ? $"{owner}.{field.Name} = {Convert.ToInt64(field.GetRawConstantValue(), System.Globalization.CultureInfo.InvariantCulture)}"
                    : $"{owner}.{(field.IsStatic ? "static " : "")}{field.Name} : {Name(field.FieldType)}";
            case EventInfo e:
                return $"{owner}.event {e.Name} : {Name(e.EventHandlerType!)}";
            default:
                throw new ArgumentOutOfRangeException(nameof(member), member, "not a compared member kind");
        }
    }

    private static string Parameters(MethodBase method) =>
        string.Join(", ", method.GetParameters().Select(p => (p.IsOut ? "out " : "") + (p.IsDefined(typeof(ParamArrayAttribute)) ? "params " : "") + Name(p.ParameterType)));

    private static string Local(Type type)
    {
        var name = (type.IsGenericType && !type.IsGenericTypeDefinition ? type.GetGenericTypeDefinition() : type).FullName!;
        foreach (var prefix in new[] { KernelNamespace + ".", ReferenceNamespace + "." })
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return name[prefix.Length..];
            }
        }

        return name;
    }

    private static string Name(Type type)
    {
        if (type.IsGenericParameter)
        {
            return (type.DeclaringMethod is null ? "!" : "!!") + type.GenericParameterPosition;
        }

        if (type.IsByRef)
        {
            return Name(type.GetElementType()!) + "&";
        }

        if (type.IsArray)
        {
            return Name(type.GetElementType()!) + "[" + new string(',', type.GetArrayRank() - 1) + "]";
        }

        return type.IsGenericType
            ? $"{Local(type)}<{string.Join(",", type.GetGenericArguments().Select(Name))}>"
            : Local(type);
    }
}
