import { describe, expect, it } from "vitest";
import { extractApiSurface } from "../../../../src/analyzers/api-surface/extract-api-surface.js";

describe("Spring Security URL rules", () => {
  it("reads one endpoint per matcher pattern, guarded by its rule", async () => {
    const source = `@Configuration
@EnableWebSecurity
class SecurityConfig {
    @Bean
    SecurityFilterChain filterChain(HttpSecurity http) throws Exception {
        http
            .csrf(csrf -> csrf.disable())
            .authorizeHttpRequests(auth -> auth
                .requestMatchers("/api/public/**", "/actuator/health").permitAll()
                .requestMatchers(HttpMethod.POST, "/api/orders").hasRole("ADMIN")
                .requestMatchers(antMatcher("/api/reports/**")).hasAnyAuthority("REPORTS", "ADMIN")
                .anyRequest().authenticated())
            .oauth2ResourceServer(oauth -> oauth.jwt(Customizer.withDefaults()));
        return http.build();
    }
}
`;
    const { endpoints } = await extractApiSurface("SecurityConfig.java", source);
    expect(endpoints).toEqual([
      {
        key: "security /api/public/**",
        label: "/api/public/**",
        framework: "spring",
        path: "/api/public/**",
        guards: [{ name: "permitAll()", allowsAll: true, line: 9 }],
        statusCodes: [],
        line: 9,
        endLine: 9,
      },
      {
        key: "security /actuator/health",
        label: "/actuator/health",
        framework: "spring",
        path: "/actuator/health",
        guards: [{ name: "permitAll()", allowsAll: true, line: 9 }],
        statusCodes: [],
        line: 9,
        endLine: 9,
      },
      {
        key: "security POST /api/orders",
        label: "POST /api/orders",
        framework: "spring",
        method: "POST",
        path: "/api/orders",
        guards: [{ name: `hasRole("ADMIN")`, allowsAll: false, line: 10 }],
        statusCodes: [],
        line: 10,
        endLine: 10,
      },
      {
        key: "security /api/reports/**",
        label: "/api/reports/**",
        framework: "spring",
        path: "/api/reports/**",
        guards: [{ name: `hasAnyAuthority("REPORTS", "ADMIN")`, allowsAll: false, line: 11 }],
        statusCodes: [],
        line: 11,
        endLine: 11,
      },
      {
        key: "security anyRequest()",
        label: "anyRequest()",
        framework: "spring",
        guards: [{ name: "authenticated()", allowsAll: false, line: 12 }],
        statusCodes: [],
        line: 12,
        endLine: 12,
      },
    ]);
  });

  it("reads the older authorizeRequests().antMatchers()/mvcMatchers() chain", async () => {
    const source = `public class WebSecurityConfig extends WebSecurityConfigurerAdapter {
    @Override
    protected void configure(HttpSecurity http) throws Exception {
        http.authorizeRequests()
            .antMatchers("/login", "/register").anonymous()
            .mvcMatchers(HttpMethod.DELETE, "/api/users/{id}").hasAuthority("users:delete")
            .anyRequest().fullyAuthenticated()
            .and()
            .formLogin();
    }
}
`;
    const { endpoints } = await extractApiSurface("WebSecurityConfig.java", source);
    expect(endpoints.map((endpoint) => [endpoint.key, endpoint.guards])).toEqual([
      ["security /login", [{ name: "anonymous()", allowsAll: true, line: 5 }]],
      ["security /register", [{ name: "anonymous()", allowsAll: true, line: 5 }]],
      [
        "security DELETE /api/users/{id}",
        [{ name: `hasAuthority("users:delete")`, allowsAll: false, line: 6 }],
      ],
      ["security anyRequest()", [{ name: "fullyAuthenticated()", allowsAll: false, line: 7 }]],
    ]);
  });

  it("reads WebFlux pathMatchers and skips patterns it cannot know", async () => {
    const source = `class ReactiveSecurity {
    SecurityWebFilterChain chain(ServerHttpSecurity http) {
        return http.authorizeExchange(ex -> ex
            .pathMatchers("/webhooks/**").permitAll()
            .pathMatchers(properties.adminPaths()).hasRole("ADMIN")
            .anyExchange().authenticated()).build();
    }
}
`;
    const { endpoints } = await extractApiSurface("ReactiveSecurity.java", source);
    expect(endpoints.map((endpoint) => endpoint.key)).toEqual([
      "security /webhooks/**",
      "security anyExchange()",
    ]);
  });
});
