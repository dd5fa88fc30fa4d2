using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.CompilerServices;
using System.Collections.Immutable;
using MarketingWorkflows.Storage;

namespace MarketingWorkflows.Tests.Storage.FileStore;

/// <summary>
/// The file store is written as a third party would write a store: its assembly gets no
/// InternalsVisibleTo from the core, so the compiler already refuses internal members; this reads
/// its compiled references to the core as well, so that a grant added later shows here.
/// </summary>
public sealed class FileStorePublicApiTests
{
    private static readonly Assembly Core = typeof(IProcessStore).Assembly;
    private static readonly Assembly Store = typeof(FileProcessStore).Assembly;

    [Fact]
    public void File_store_uses_only_the_public_api()
    {
        Store.GetName().Name.Should().Be("MarketingWorkflows.FileStore");
        Core.GetCustomAttributes<InternalsVisibleToAttribute>().Select(a => a.AssemblyName.Split(',')[0].Trim())
            .Should().NotContain(Store.GetName().Name, "the core must not open its internals to the file store");

        var (checkedMembers, hidden) = ReferencesToCore(Store);

        hidden.Should().BeEmpty("the file store may use only the core's public types and members");

        // The check reads real references: among them the event's public constructor, which a
        // store needs to build events back.
        checkedMembers.Should().Contain(["ProcessEvent..ctor", "StoreConcurrencyException..ctor", "InstanceQuery.ThrowIfInvalid"]);
    }

    [Theory]
    [InlineData(typeof(MarketingWorkflows.Sqlite.SqliteProcessStore))]
    [InlineData(typeof(MarketingWorkflows.PostgreSql.PostgreSqlProcessStore))]
    [InlineData(typeof(MarketingWorkflows.Storage.Relational.SqlDialect))]
    public void The_built_in_stores_use_only_the_public_api_too(Type store)
    {
        var (members, hidden) = ReferencesToCore(store.Assembly);

        members.Should().NotBeEmpty();
        hidden.Should().BeEmpty("{0} is a store like any other: the core opens no internals to it", store.Assembly.GetName().Name);
    }

    [Fact]
    public void The_check_names_the_internal_members_an_assembly_with_internals_access_uses()
    {
        // The tests may see the core's internals, and use them (the engine's timer worker flag, for one).
        var (_, hidden) = ReferencesToCore(typeof(FileStorePublicApiTests).Assembly);

        hidden.Should().Contain(h => h.Contains("ProcessEngine.get_TimerWorkerRuns", StringComparison.Ordinal) || h.Contains("TimerWorker", StringComparison.Ordinal));
    }

    /// <summary>Reads an assembly's references to the core: every member it uses, and those that are not public.</summary>
    private static (List<string> Members, List<string> Hidden) ReferencesToCore(Assembly assembly)
    {
        using var file = File.OpenRead(assembly.Location);
        using var pe = new PEReader(file);
        var metadata = pe.GetMetadataReader();
        var members = new List<string>();
        var hidden = new List<string>();
        foreach (var handle in metadata.TypeReferences)
        {
            if (CoreType(metadata, handle) is { } type && !(type.IsPublic || type.IsNestedPublic))
            {
                hidden.Add(type.FullName!);
            }
        }

        foreach (var handle in metadata.MemberReferences)
        {
            var reference = metadata.GetMemberReference(handle);
            if (reference.Parent.Kind != HandleKind.TypeReference || CoreType(metadata, (TypeReferenceHandle)reference.Parent) is not { } type)
            {
                continue;
            }

            var name = metadata.GetString(reference.Name);
            const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            List<MemberInfo> candidates;
            if (reference.GetKind() == MemberReferenceKind.Field)
            {
                candidates = [.. type.GetFields(All).Where(f => f.Name == name)];
            }
            else
            {
                var signature = reference.DecodeMethodSignature(new TypeNames(), null);
                candidates = [.. type.GetMembers(All).OfType<MethodBase>().Where(m => m.Name == name && Matches(m, signature))];
            }

            candidates.Should().NotBeEmpty("the reference to {0}.{1} is found in the core", type.FullName, name);
            members.Add(type.Name + "." + name);
            if (!candidates.All(IsVisible))
            {
                hidden.Add(type.Name + "." + name);
            }
        }

        return (members, hidden);
    }

    private static Type? CoreType(MetadataReader metadata, TypeReferenceHandle handle)
    {
        var reference = metadata.GetTypeReference(handle);
        var scope = reference.ResolutionScope;
        if (scope.Kind == HandleKind.TypeReference)
        {
            return CoreType(metadata, (TypeReferenceHandle)scope)?.GetNestedType(metadata.GetString(reference.Name), BindingFlags.Public | BindingFlags.NonPublic);
        }

        if (scope.Kind != HandleKind.AssemblyReference || metadata.GetString(metadata.GetAssemblyReference((AssemblyReferenceHandle)scope).Name) != Core.GetName().Name)
        {
            return null;
        }

        var fullName = metadata.GetString(reference.Namespace) + "." + metadata.GetString(reference.Name);
        return Core.GetType(fullName, throwOnError: true);
    }

    private static bool IsVisible(MemberInfo member) => member switch
    {
        MethodBase m => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly,
        FieldInfo f => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly,
        _ => false,
    };

    private static bool Matches(MethodBase method, MethodSignature<string> signature)
    {
        var parameters = method.GetParameters();
        return parameters.Length == signature.ParameterTypes.Length
            && parameters.Select(p => p.ParameterType).Zip(signature.ParameterTypes).All(p => p.Second == "?" || p.First.IsGenericParameter || Name(p.First) == p.Second);
    }

    private static string Name(Type type) => type.IsArray ? Name(type.GetElementType()!) + "[]"
        : type.IsByRef ? Name(type.GetElementType()!) + "&"
        : type.IsGenericType ? type.GetGenericTypeDefinition().Name
        : type.Name;

    /// <summary>Names a signature's types as <see cref="Name"/> names reflection's: enough to tell overloads apart.</summary>
    private sealed class TypeNames : ISignatureTypeProvider<string, object?>
    {
        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode switch
        {
            PrimitiveTypeCode.Boolean => nameof(Boolean),
            PrimitiveTypeCode.Byte => nameof(Byte),
            PrimitiveTypeCode.SByte => nameof(SByte),
            PrimitiveTypeCode.Char => nameof(Char),
            PrimitiveTypeCode.Int16 => nameof(Int16),
            PrimitiveTypeCode.UInt16 => nameof(UInt16),
            PrimitiveTypeCode.Int32 => nameof(Int32),
            PrimitiveTypeCode.UInt32 => nameof(UInt32),
            PrimitiveTypeCode.Int64 => nameof(Int64),
            PrimitiveTypeCode.UInt64 => nameof(UInt64),
            PrimitiveTypeCode.Single => nameof(Single),
            PrimitiveTypeCode.Double => nameof(Double),
            PrimitiveTypeCode.IntPtr => nameof(IntPtr),
            PrimitiveTypeCode.UIntPtr => nameof(UIntPtr),
            PrimitiveTypeCode.Object => nameof(Object),
            PrimitiveTypeCode.String => nameof(String),
            PrimitiveTypeCode.Void => "Void",
            PrimitiveTypeCode.TypedReference => nameof(TypedReference),
            _ => "?",
        };

        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => reader.GetString(reader.GetTypeDefinition(handle).Name);

        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => reader.GetString(reader.GetTypeReference(handle).Name);

        public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) => "?";

        public string GetSZArrayType(string elementType) => elementType + "[]";

        public string GetArrayType(string elementType, ArrayShape shape) => "?";

        public string GetByReferenceType(string elementType) => elementType + "&";

        public string GetPointerType(string elementType) => "?";

        public string GetPinnedType(string elementType) => elementType;

        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => genericType;

        public string GetGenericMethodParameter(object? genericContext, int index) => "?";

        public string GetGenericTypeParameter(object? genericContext, int index) => "?";

        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

        public string GetFunctionPointerType(MethodSignature<string> signature) => "?";
    }
}
