using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ContentHelper.Api.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class InterestVectors : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "InterestVectors",
                columns: table => new
                {
                    Phrase = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Model = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Vector = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InterestVectors", x => new { x.Model, x.Phrase });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "InterestVectors");
        }
    }
}
