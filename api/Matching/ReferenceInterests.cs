namespace ContentHelper.Api.Matching;

/// <summary>
/// Interests as people type them, across everyday life: the yardstick an article is measured with. How close a
/// contact's interest is to an article is judged against how close these are to the same article, because raw
/// cosines rise and fall with an article's length, style and register (news prose, forum posts) where "stands well
/// above the everyday interests" carries over. They include news subjects too: on a football story "football" here
/// scores high, but the mean and spread of ~160 phrases barely move. Written for this purpose; none is taken from an
/// evaluation set. How much the yardstick counts is learned from data (see <see cref="MatchingOptions"/>).
/// </summary>
internal static class ReferenceInterests
{
    public static readonly string[] All =
    [
        // home and hobbies
        "gardening tips", "houseplants", "knitting patterns", "quilting", "woodworking", "pottery", "painting with watercolours",
        "photography", "scuba diving", "fishing", "hiking trails", "camping gear", "jigsaw puzzles", "wine tasting",
        "baking bread", "vegan recipes", "barbecue", "coffee", "tea", "interior design", "diy home repairs",
        "karaoke", "stamp collecting", "model trains", "board games", "chess", "crossword puzzles", "magic tricks",
        "origami", "calligraphy", "scrapbooking", "astronomy", "beekeeping", "keeping chickens", "aquariums",
        // family and life
        "parenting", "pregnancy", "dog training", "cats", "horses", "weddings", "retirement planning", "dating advice",
        "mindfulness", "yoga", "running", "cycling", "swimming", "weight loss", "nutrition", "sleep", "mental health",
        "skin care", "fashion", "hairstyles", "tattoos", "shopping deals", "personal finance", "saving money",
        "mortgages", "renting a flat", "moving house", "volunteering", "religion", "philosophy", "self improvement",
        // culture
        "classical music", "jazz", "hip hop", "heavy metal", "opera", "ballet", "theatre", "poetry", "novels",
        "comic books", "anime", "video games", "film reviews", "tv series", "podcasts", "museums", "history",
        "archaeology", "architecture", "languages", "travel", "beach holidays", "cruises", "road trips", "skiing",
        // science, health, tech
        "space exploration", "physics", "chemistry", "biology", "genetics", "dinosaurs", "climate change",
        "renewable energy", "wildlife conservation", "oceans", "volcanoes", "weather", "medicine", "cancer research",
        "vaccines", "nursing", "dentistry", "smartphones", "programming", "artificial intelligence", "cybersecurity",
        "electric cars", "classic cars", "motorbikes", "aviation", "trains", "sailing",
        // work, money, public life
        "small business", "startups", "marketing", "real estate", "stock market", "cryptocurrency", "banking",
        "insurance", "accounting", "farming", "fishing industry", "construction", "retail", "jobs and careers",
        "education", "universities", "schools", "law", "crime", "courts", "police", "military", "local news",
        "elections", "immigration", "human rights", "charity", "international relations", "royal family",
        // sport
        "football", "tennis", "golf", "cricket", "rugby", "basketball", "baseball", "boxing", "formula one",
        "athletics", "the olympics", "horse racing", "sailing races", "esports",
    ];
}
