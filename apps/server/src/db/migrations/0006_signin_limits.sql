CREATE TABLE "login_delays" (
	"email_hash" text PRIMARY KEY NOT NULL,
	"failures" integer NOT NULL,
	"last_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "login_failures" (
	"email_hash" text NOT NULL,
	"ip" "inet" NOT NULL,
	"failures" integer NOT NULL,
	"first_at" timestamp with time zone NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	CONSTRAINT "login_failures_email_hash_ip_pk" PRIMARY KEY("email_hash","ip")
);
--> statement-breakpoint
CREATE INDEX "login_delays_last_at_idx" ON "login_delays" USING btree ("last_at");--> statement-breakpoint
CREATE INDEX "login_failures_last_at_idx" ON "login_failures" USING btree ("last_at");