package io.redismesh.gateway.problem;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ProblemPagesTest {

    @Test
    void everyProblemTypeResolvesToAPageThatExplainsIt() {
        for (ProblemType type : ProblemType.values()) {
            given().get(Problem.TYPE_PREFIX + type.slug).then().statusCode(200)
                    .contentType(startsWith("text/html"))
                    .body(containsString("<h1>" + type.title + "</h1>"), containsString(type.explanation));
        }
    }

    @Test
    void theTypeOfARealAnswerResolvesWithoutAToken() {
        String type = given().get("/v1/namespaces/demo/keys/k").then().statusCode(401).extract().path("type");
        given().get(type).then().statusCode(200).body(containsString("Authorization: Bearer"));
    }

    @Test
    void theIndexLinksEveryPageAndAnUnknownSlugIsAProblem() {
        var index = given().get("/problems").then().statusCode(200).extract().asString();
        for (ProblemType type : ProblemType.values()) {
            org.junit.jupiter.api.Assertions.assertTrue(index.contains("href=\"/problems/" + type.slug + "\""), type.slug);
        }
        given().get("/problems/no-such-problem").then().statusCode(404)
                .contentType(startsWith(Problem.MEDIA_TYPE)).body("type", equalTo("/problems/not-found"));
        given().get("/problems/%3Cscript%3E").then().statusCode(404).body(org.hamcrest.Matchers.not(containsString("<script>")));
    }
}
