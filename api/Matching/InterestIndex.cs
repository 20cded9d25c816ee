using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using ContentHelper.Api.Contacts;
using ContentHelper.Api.Topics;
using ContentHelper.Shared.Matching;

namespace ContentHelper.Api.Matching;

/// <summary>
/// One account's contacts and their interests, ready to match: each distinct normalised phrase is held once
/// with its vector and stems, and contacts point at phrases. Matching cost therefore grows with distinct
/// phrases (a few thousand even for 100,000 contacts) rather than with contacts. Immutable: a change of contacts
/// makes a new index with <see cref="With"/>, which keeps everything already worked out for the phrases it keeps.
/// </summary>
internal sealed partial class InterestIndex
{
    // "movies and music", "film & tv", "cars, bikes" name several interests in one phrase.
    [GeneratedRegex(@"\s+(?:and|&|or)\s+|\s*[,/;+]\s*", RegexOptions.IgnoreCase)]
    private static partial Regex PartSeparator();

    private static readonly float[] NoVector = new float[TextEmbedder.Dimensions];

    // The phrase table. An update keeps every phrase at its place (so contacts it keeps keep their references as they
    // are) and adds new ones at the end; a phrase no contact uses any more stays, unused, until there are enough such
    // (or added ones) to make a compact index worth its cost.
    private readonly string[] phrases;
    // One array per phrase, null without a vector. An updated index and the phrase-vector cache hold the same arrays,
    // so a phrase's vector is in memory once however many indexes (and updates of one) use it.
    private readonly float[]?[] vectors;
    private readonly int[] uses;                       // per phrase, the contacts' references to it
    private readonly Dictionary<string, int> phraseIds; // shared, never written, by the updates made from this table
    private readonly Dictionary<string, int>? added;    // the phrases updates added since (each update its own copy)
    private readonly int[] withoutVector;              // the phrases without a vector, used or not

    public IReadOnlyList<string> Phrases => phrases;
    public IReadOnlyList<Guid> ContactIds { get; }
    /// <summary>Distinct phrases of the contacts no vector was supplied for; they are matched lexically only until embedded.</summary>
    public IReadOnlyList<string> PhrasesWithoutVectors { get; }

    internal string[][] PhraseStems { get; }
    internal string[][][] PhraseParts { get; }
    /// <summary>
    /// Per phrase, what the matcher worked out about it (its IPTC anchors, how specific its words are), filled in by
    /// the matcher on first use and carried over by <see cref="With"/> with the phrase: an index updated after one edit
    /// costs the matcher its new phrases only.
    /// </summary>
    internal object?[] PhraseFacts { get; }
    internal int[] ContactStart { get; }     // CSR: contact c's phrases are ContactPhrases[ContactStart[c]..ContactStart[c+1]]
    internal int[] ContactPhrases { get; }
    /// <summary>Per reference (parallel to <see cref="ContactPhrases"/>): what its relevance counts for this contact, 1 for a typed interest.</summary>
    internal float[] ContactWeights { get; }
    /// <summary>Per reference: where an implicit interest came from; null for a typed one.</summary>
    internal InterestOrigin?[] ContactOrigins { get; }

    public int ContactCount => ContactIds.Count;
    /// <summary>The phrases of the table, those an update left unused included (see <see cref="IsUsed"/>).</summary>
    public int PhraseCount => phrases.Length;
    internal ReadOnlySpan<float> Vector(int phrase) => vectors[phrase] ?? NoVector;
    internal bool HasVector(int phrase) => vectors[phrase] is not null;
    /// <summary>Whether some contact has this phrase; an updated index may hold phrases nobody has any more.</summary>
    internal bool IsUsed(int phrase) => uses[phrase] > 0;

    /// <summary>The vector this index holds for a normalised phrase; null when it holds none.</summary>
    internal float[]? VectorOf(string phrase) => TryGetId(phrase, out var id) ? vectors[id] : null;

    /// <summary>Whether the index holds this normalised phrase (with or without a vector).</summary>
    internal bool Holds(string phrase) => TryGetId(phrase, out _);

    private bool TryGetId(string phrase, out int id) => (added is not null && added.TryGetValue(phrase, out id)) || phraseIds.TryGetValue(phrase, out id);

    /// <summary>
    /// Roughly what the index keeps in memory, in bytes: its vectors (which it may share with the phrase-vector cache and
    /// other indexes — counted here in full), the phrases with their stems, and the references.
    /// </summary>
    public long EstimatedBytes =>
        (phrases.Length - withoutVector.Length) * (long)(TextEmbedder.Dimensions * sizeof(float) + 24)
        + phrases.Length * 240L + ContactPhrases.Length * 24L + ContactIds.Count * 24L;

    private InterestIndex(string[] phrases, float[]?[] vectors, string[][] stems, string[][][] parts, object?[] facts, int[] uses,
        Dictionary<string, int> phraseIds, Dictionary<string, int>? added, Guid[] contactIds, int[] start, int[] refs, float[] weights,
        InterestOrigin?[] origins)
    {
        this.phrases = phrases;
        this.vectors = vectors;
        this.uses = uses;
        this.phraseIds = phraseIds;
        this.added = added;
        PhraseStems = stems;
        PhraseParts = parts;
        PhraseFacts = facts;
        ContactIds = contactIds;
        ContactStart = start;
        ContactPhrases = refs;
        ContactWeights = weights;
        ContactOrigins = origins;
        var missing = new List<int>();
        for (var p = 0; p < phrases.Length; p++)
            if (vectors[p] is null) missing.Add(p);
        withoutVector = [.. missing];
        PhrasesWithoutVectors = [.. missing.Where(p => uses[p] > 0).Select(p => phrases[p])];
    }

    /// <summary>
    /// Builds the index from contacts' interests and a lookup of stored vectors by normalised phrase (e.g. the
    /// phrase → vector table). Phrases the lookup lacks are listed in <see cref="PhrasesWithoutVectors"/>.
    /// </summary>
    public static InterestIndex Build(IEnumerable<(Guid ContactId, IReadOnlyList<string> Interests)> contacts, Func<string, ReadOnlyMemory<float>?> vectorOf) =>
        Build(contacts.Select(c => (c.ContactId, (IReadOnlyList<string>)c.Interests, (IReadOnlyList<ImplicitInterest>)[])), 1, vectorOf);

    /// <summary>
    /// Builds the index from typed and implicit interests: an implicit one counts <paramref name="implicitWeight"/> of
    /// its relevance for that contact and keeps its origin for the reason; a phrase the contact also typed counts as typed.
    /// A phrase that <paramref name="donor"/> holds (another index of the account) is taken from it as it is: its stems,
    /// its vector and what the matcher worked out about it.
    /// </summary>
    public static InterestIndex Build(IEnumerable<(Guid ContactId, IReadOnlyList<string> Interests, IReadOnlyList<ImplicitInterest> Implicit)> contacts,
        double implicitWeight, Func<string, ReadOnlyMemory<float>?> vectorOf, InterestIndex? donor = null)
    {
        var table = new Table(donor, vectorOf);
        var references = new References((float)implicitWeight, donor?.ContactCount ?? 0, donor?.ContactPhrases.Length ?? 0);
        foreach (var (contactId, interests, implicitInterests) in contacts) references.Add(contactId, interests, implicitInterests, table.IdOf);
        return table.Index(references);
    }

    /// <summary>
    /// This index after a change of contacts: those in <paramref name="dropped"/> leave (deleted, or changed and given
    /// again in <paramref name="changed"/>), the changed and new ones join, everyone else keeps their interests as they
    /// are here. Every phrase keeps its place, its stems, its vector and what the matcher worked out about it; only a new
    /// phrase, or one without a vector here, asks <paramref name="vectorOf"/>. What it costs is copies of the arrays, not a
    /// rebuild; once a share of the phrases is unused or added, the update makes a compact index instead.
    /// </summary>
    public InterestIndex With(IReadOnlySet<Guid> dropped, IEnumerable<(Guid ContactId, IReadOnlyList<string> Interests, IReadOnlyList<ImplicitInterest> Implicit)> changed,
        double implicitWeight, Func<string, ReadOnlyMemory<float>?> vectorOf)
    {
        var joining = changed.ToList();
        var keep = new bool[ContactCount];
        for (var c = 0; c < keep.Length; c++) keep[c] = !dropped.Contains(ContactIds[c]);

        // The phrases the joining contacts add to the table: looked up here first, then (as new) after it.
        var references = new References((float)implicitWeight, ContactCount, ContactPhrases.Length);
        for (var c = 0; c < keep.Length; c++)
            if (keep[c]) references.Keep(this, c);
        var newPhrases = new List<string>();
        var newIds = added is null ? new Dictionary<string, int>(StringComparer.Ordinal) : new Dictionary<string, int>(added, StringComparer.Ordinal);
        int IdOf(string phrase)
        {
            if (TryGetId(phrase, out var id) || newIds.TryGetValue(phrase, out id)) return id;
            newIds[phrase] = id = phrases.Length + newPhrases.Count;
            newPhrases.Add(phrase);
            return id;
        }
        foreach (var (contactId, interests, implicitInterests) in joining) references.Add(contactId, interests, implicitInterests, IdOf);

        var count = phrases.Length + newPhrases.Count;
        var uses = new int[count];
        foreach (var p in references.Refs) uses[p]++;
        var unusedAfter = 0;
        for (var p = 0; p < count; p++)
            if (uses[p] == 0) unusedAfter++;
        if (unusedAfter > count / 8 + 16 || newIds.Count > phraseIds.Count / 8 + 256)
        {
            // Compact: every phrase a contact uses, numbered afresh, each taken from here as it is.
            var table = new Table(this, vectorOf);
            var compact = new References((float)implicitWeight, references.ContactIds.Count, references.Refs.Count);
            for (var c = 0; c < keep.Length; c++)
                if (keep[c]) compact.Keep(this, c, table.Copy);
            foreach (var (contactId, interests, implicitInterests) in joining) compact.Add(contactId, interests, implicitInterests, table.IdOf);
            return table.Index(compact);
        }

        var nextVectors = new float[]?[count];
        var stems = new string[count][];
        var parts = new string[count][][];
        var facts = new object?[count];
        Array.Copy(vectors, nextVectors, phrases.Length);
        Array.Copy(PhraseStems, stems, phrases.Length);
        Array.Copy(PhraseParts, parts, phrases.Length);
        Array.Copy(PhraseFacts, facts, phrases.Length);
        // A phrase without a vector here may have one by now; if so, the matcher works it out again with it.
        foreach (var p in withoutVector)
            if (uses[p] > 0 && VectorFrom(vectorOf, phrases[p]) is { } found) (nextVectors[p], facts[p]) = (found, null);
        for (var k = 0; k < newPhrases.Count; k++)
        {
            var p = phrases.Length + k;
            (stems[p], parts[p]) = Analysed(newPhrases[k]);
            nextVectors[p] = VectorFrom(vectorOf, newPhrases[k]);
        }
        return new InterestIndex([.. phrases, .. newPhrases], nextVectors, stems, parts, facts, uses, phraseIds, newIds, [.. references.ContactIds],
            [.. references.Start], [.. references.Refs], [.. references.Weights], [.. references.Origins]);
    }

    /// <summary>The distinct normalised phrases of a set of contacts: what needs a vector.</summary>
    public static IReadOnlyList<string> DistinctPhrases(IEnumerable<IReadOnlyList<string>> interests) =>
        [.. interests.SelectMany(i => i).Select(Data.Phrases.Key).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal)];

    private static (string[] Stems, string[][] Parts) Analysed(string phrase)
    {
        var parts = PartSeparator().Split(phrase).Select(TermAnalyzer.ContentStems).Where(p => p.Length > 0).ToArray();
        return (TermAnalyzer.ContentStems(phrase), parts.Length > 1 ? parts : []);
    }

    /// <summary>The lookup's vector: its own array when it hands over a whole one (shared, never written), else a copy.</summary>
    private static float[]? VectorFrom(Func<string, ReadOnlyMemory<float>?> vectorOf, string phrase)
    {
        if (vectorOf(phrase) is not { Length: TextEmbedder.Dimensions } v) return null;
        return MemoryMarshal.TryGetArray(v, out var segment) && segment is { Offset: 0, Array.Length: TextEmbedder.Dimensions } ? segment.Array : v.ToArray();
    }

    /// <summary>The contacts' references to phrases, gathered in CSR order.</summary>
    private sealed class References(float implicitWeight, int contacts, int references)
    {
        public readonly List<Guid> ContactIds = new(contacts);
        public readonly List<int> Start = [0];
        public readonly List<int> Refs = new(references);
        public readonly List<float> Weights = new(references);
        public readonly List<InterestOrigin?> Origins = new(references);
        private readonly HashSet<string> mine = new(StringComparer.Ordinal);

        /// <summary>Keeps contact <paramref name="c"/> of <paramref name="from"/> as it is there, its phrases renumbered by <paramref name="idOf"/>.</summary>
        public void Keep(InterestIndex from, int c, Func<int, int>? idOf = null)
        {
            for (var k = from.ContactStart[c]; k < from.ContactStart[c + 1]; k++)
            {
                Refs.Add(idOf is null ? from.ContactPhrases[k] : idOf(from.ContactPhrases[k]));
                Weights.Add(from.ContactWeights[k]);
                Origins.Add(from.ContactOrigins[k]);
            }
            ContactIds.Add(from.ContactIds[c]);
            Start.Add(Refs.Count);
        }

        public void Add(Guid contactId, IReadOnlyList<string> interests, IReadOnlyList<ImplicitInterest> implicitInterests, Func<string, int> idOf)
        {
            mine.Clear();
            foreach (var interest in interests) Add(interest, 1, null, idOf);
            foreach (var inferred in implicitInterests) Add(inferred.Interest, implicitWeight, new InterestOrigin(inferred.Source, inferred.From), idOf);
            ContactIds.Add(contactId);
            Start.Add(Refs.Count);
        }

        private void Add(string interest, float weight, InterestOrigin? origin, Func<string, int> idOf)
        {
            var phrase = Data.Phrases.Key(interest);
            if (phrase.Length == 0 || !mine.Add(phrase)) return;
            Refs.Add(idOf(phrase));
            Weights.Add(weight);
            Origins.Add(origin);
        }
    }

    /// <summary>A phrase table made afresh: a phrase the donor index holds is copied from it, any other is worked out.</summary>
    private sealed class Table(InterestIndex? donor, Func<string, ReadOnlyMemory<float>?> vectorOf)
    {
        private readonly Dictionary<string, int> ids = new(donor?.PhraseCount ?? 0, StringComparer.Ordinal);
        private readonly List<string> phrases = new(donor?.PhraseCount ?? 0);
        private readonly List<float[]?> vectors = new(donor?.PhraseCount ?? 0);
        private readonly List<string[]> stems = new(donor?.PhraseCount ?? 0);
        private readonly List<string[][]> parts = new(donor?.PhraseCount ?? 0);
        private readonly List<object?> facts = new(donor?.PhraseCount ?? 0);
        // Per donor phrase, its id here once copied (-1 before).
        private readonly int[] copied = Unset(donor?.PhraseCount ?? 0);

        private static int[] Unset(int n)
        {
            var a = new int[n];
            Array.Fill(a, -1);
            return a;
        }

        public int IdOf(string phrase) =>
            ids.TryGetValue(phrase, out var id) ? id
            : donor is not null && donor.TryGetId(phrase, out var theirs) ? Copy(theirs)
            : Append(phrase, VectorFrom(vectorOf, phrase), Analysed(phrase), null);

        public int Copy(int theirs)
        {
            if (copied[theirs] >= 0) return copied[theirs];
            var phrase = donor!.phrases[theirs];
            var vector = donor.vectors[theirs];
            // A phrase without a vector there may have one by now; if so, the matcher works it out again with it.
            var fact = donor.PhraseFacts[theirs];
            if (vector is null && VectorFrom(vectorOf, phrase) is { } found) (vector, fact) = (found, null);
            return copied[theirs] = Append(phrase, vector, (donor.PhraseStems[theirs], donor.PhraseParts[theirs]), fact);
        }

        private int Append(string phrase, float[]? vector, (string[] Stems, string[][] Parts) analysed, object? fact)
        {
            var id = phrases.Count;
            ids[phrase] = id;
            phrases.Add(phrase);
            vectors.Add(vector);
            stems.Add(analysed.Stems);
            parts.Add(analysed.Parts);
            facts.Add(fact);
            return id;
        }

        public InterestIndex Index(References references)
        {
            var uses = new int[phrases.Count];
            foreach (var p in references.Refs) uses[p]++;
            return new InterestIndex([.. phrases], [.. vectors], [.. stems], [.. parts], [.. facts], uses, ids, null, [.. references.ContactIds],
                [.. references.Start], [.. references.Refs], [.. references.Weights], [.. references.Origins]);
        }
    }
}

/// <summary>Where an implicit interest in an index came from, for its reason.</summary>
internal sealed record InterestOrigin(InterestSource Source, string From);
