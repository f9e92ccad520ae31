using System.Runtime.CompilerServices;
using System.Text;
using ChangeFeed.Configuration;
using ChangeFeed.Envelope;
using ChangeFeed.Reading;

namespace ChangeFeed.Routing;

/// <summary>
/// What the router derives from a route once instead of per change: the UTF-8 names of the top-level properties it
/// reads (<see cref="DocumentFields"/>), the event id's fixed parts, and the CDC event types of a route with a fixed
/// <c>EventType</c>. Kept beside the route (by reference, weakly) rather than in it, so that the record's equality
/// stays what its settings say.
/// </summary>
internal sealed class CompiledRoute
{
    private static readonly ConditionalWeakTable<Route, CompiledRoute> Compiled = [];

    // The last route asked for: changes come route after route, and a reference comparison is cheaper than the table's
    // lookup (two calls into the runtime). Shared by all threads: a stale or another thread's entry only misses.
    private static CompiledRoute? last;

    private readonly Route route;

    private CompiledRoute(Route route)
    {
        this.route = route;
        var names = new string?[DocumentFields.Count];
        names[(int)Field.Unreadable] = UnreadableChange.Property;
        names[(int)Field.Operation] = ChangeOperation.Property;
        names[(int)Field.Id] = "id";
        names[(int)Field.Lsn] = "_lsn";
        names[(int)Field.Timestamp] = "_ts";
        names[(int)Field.SoftDelete] = route.SoftDeleteProperty;
        names[(int)Field.CorrelationId] = route.CorrelationIdProperty;
        names[(int)Field.TypeProperty] = route.TypeProperty;
        for (var i = 0; i < route.PartitionKey.FirstSegments.Count; i++)
            names[(int)Field.PartitionKey + i] = route.PartitionKey.FirstSegments[i];
        FieldNames = [.. names.Select(name => name is null ? null : Encoding.UTF8.GetBytes(name))];
        foreach (var name in FieldNames)
            FieldNameLengths |= name is null ? 0 : name.Length < 64 ? 1UL << name.Length : ulong.MaxValue;

        DataIsTheDocument = route.Mode != RouteMode.Outbox && route.IncludeProperties.Count == 0 && route.ExcludeProperties.Count == 0;
        ChangeIdPrefix = EventId.ChangePrefix(route.Account, route.Database, route.Container);
        if (route.TypeProperty is null)
        {
            // As the types were made per event before (a missing EventType, which validation refuses, made ".upserted").
            UpsertedType = route.TypeName($"{route.EventType}.upserted");
            DeletedType = route.TypeName($"{route.EventType}.deleted");
        }
    }

    /// <summary>By <see cref="Field"/>: the UTF-8 name of the top-level property to read, null when the route reads none.</summary>
    public byte[]?[] FieldNames { get; }

    /// <summary>Bit n set: some field's name is n bytes long (all bits: a name of 64 bytes or more).</summary>
    public ulong FieldNameLengths { get; }

    /// <summary>Whether an event's data is its document without the system properties (CDC and event store, no include or exclude list).</summary>
    public bool DataIsTheDocument { get; }

    /// <summary><see cref="EventId.ChangePrefix"/> of the route's account, database and container.</summary>
    public byte[] ChangeIdPrefix { get; }

    /// <summary>CDC: the type of an upsert when the route has no type property, else null.</summary>
    public string? UpsertedType { get; }

    /// <summary>CDC: the type of a delete when the route has no type property, else null.</summary>
    public string? DeletedType { get; }

    public static CompiledRoute Of(Route route)
    {
        var recent = last;
        if (recent is not null && ReferenceEquals(recent.route, route))
            return recent;
        return last = Compiled.GetValue(route, static route => new CompiledRoute(route));
    }
}
