using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ContentHelper.Api.Data.Migrations.Sqlite
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
                    Phrase = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Model = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Vector = table.Column<byte[]>(type: "BLOB", nullable: false)
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
